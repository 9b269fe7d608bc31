package io.askflow.gateway.users;

import io.askflow.gateway.security.TokenService;
import io.askflow.gateway.web.ApiException;
import io.askflow.runtime.DevOnly;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in without GitHub, for local development only: the route does not exist outside dev. */
@RestController
@DevOnly
class DevLoginController {

    // GitHub's own rule for logins: alphanumerics and single hyphens, at most 39 characters.
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

    private final TokenService tokens;
    private final UserRepository users;
    private final Clock clock;

    DevLoginController(TokenService tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    @Operation(summary = "Sign in as any user (dev environment only; 404 elsewhere)")
    @ApiResponse(responseCode = "200", description = "a token")
    @ApiResponse(responseCode = "400", description = "bad login or id")
    @PostMapping(
            path = "/auth/dev-login",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse devLogin(@RequestBody DevLoginBody body) {
        if (body == null || body.id() == null || body.id() <= 0) {
            throw ApiException.badRequest("id must be a positive number (the GitHub user id)");
        }
        if (body.login() == null || !LOGIN.matcher(body.login()).matches()) {
            throw ApiException.badRequest("login must be a GitHub login: letters, digits and single hyphens");
        }
        users.upsert(body.id(), body.login(), clock.millis());
        TokenService.IssuedToken token = tokens.issue(body.id(), body.login());
        return new TokenResponse(token.value(), "Bearer", token.expiresAt(), new UserView(body.id(), body.login()));
    }
}
