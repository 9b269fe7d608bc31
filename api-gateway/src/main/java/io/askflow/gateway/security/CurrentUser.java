package io.askflow.gateway.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated caller.
 *
 * @param id GitHub's numeric id (the token's {@code sub})
 * @param login the GitHub login when the token was issued (the token's {@code name})
 */
public record CurrentUser(long id, String login) {

    public static CurrentUser of(Jwt jwt) {
        return new CurrentUser(Long.parseLong(jwt.getSubject()), jwt.getClaimAsString("name"));
    }

    /** A token subject must be a GitHub user id: a positive number. */
    static boolean isUserId(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > 19) {
            return false;
        }
        try {
            return Long.parseLong(subject) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
