package io.askflow.gateway.users;

import io.askflow.gateway.security.TokenService;
import io.askflow.gateway.web.ApiException;
import io.askflow.runtime.DevOnly;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
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

    private static final Pattern LOGIN = Pattern.compile(DevLoginBody.LOGIN);

    private final TokenService tokens;
    private final UserRepository users;
    private final Clock clock;

    DevLoginController(TokenService tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    @Operation(summary = "Sign in as any user (dev environment only; 404 elsewhere)")
    @SecurityRequirements({})
    @ApiResponse(responseCode = "200", description = "a token")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: missing or non-positive id, bad login; "
                    + "malformed-body: not JSON, or JSON of the wrong shape or types")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @ApiResponse(responseCode = "429", description = "too-many-sign-ins: too many /auth/* requests from this address")
    @PostMapping(
            path = "/auth/dev-login",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse devLogin(@RequestBody DevLoginBody body) {
        if (body == null || body.id() == null || body.id() <= 0) {
            throw ApiException.badRequest("id must be a positive number (the GitHub user id)");
        }
        if (body.login() == null
                || body.login().length() > DevLoginBody.LOGIN_MAX_LENGTH
                || !LOGIN.matcher(body.login()).matches()) {
            throw ApiException.badRequest("login must be a GitHub login: letters, digits and single hyphens");
        }
        users.upsert(body.id(), body.login(), clock.millis());
        TokenService.IssuedToken token = tokens.issue(body.id(), body.login());
        return new TokenResponse(token.value(), "Bearer", token.expiresAt(), new UserView(body.id(), body.login()));
    }
}
