package io.askflow.gateway.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** How a request authenticated; every kind names the same user principal (GitHub id and login). */
public final class Credentials {

    /** A gateway token in the Authorization header. */
    public static final String TOKEN = "CREDENTIAL_TOKEN";
    /** The web app's session cookie. */
    public static final String SESSION = "CREDENTIAL_SESSION";
    /** A personal API key in the Authorization header. */
    public static final String API_KEY = "CREDENTIAL_API_KEY";

    static final GrantedAuthority TOKEN_AUTHORITY = new SimpleGrantedAuthority(TOKEN);
    static final GrantedAuthority SESSION_AUTHORITY = new SimpleGrantedAuthority(SESSION);
    static final GrantedAuthority API_KEY_AUTHORITY = new SimpleGrantedAuthority(API_KEY);

    private Credentials() {}
}
