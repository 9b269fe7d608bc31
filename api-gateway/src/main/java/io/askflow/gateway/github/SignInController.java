package io.askflow.gateway.github;

import io.askflow.gateway.users.TokenResponse;
import io.askflow.gateway.web.ApiException;
import io.askflow.runtime.AppEnvironment;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Documents the sign-in routes, which need no token. With a GitHub OAuth app configured, Spring Security's
 * filters answer both before a request gets here; without one, these say so.
 */
@RestController
@SecurityRequirements({})
class SignInController {

    private final SignInOptions options;

    SignInController(GithubSignIn github, AppEnvironment environment) {
        this.options = new SignInOptions(github.configured(), environment.isDev());
    }

    @Operation(summary = "How one can sign in here", description = "The web app shows the sign-in buttons it lists.")
    @ApiResponse(responseCode = "200", description = "the sign-in options")
    @ApiResponse(responseCode = "429", description = "too-many-sign-ins: too many /auth/* requests from this address")
    @GetMapping(path = "/auth/options", produces = MediaType.APPLICATION_JSON_VALUE)
    SignInOptions options() {
        return options;
    }

    @Operation(
            summary = "Sign in with GitHub",
            description = "Redirects to GitHub's authorize URL with state and PKCE (S256).")
    @ApiResponse(responseCode = "302", description = "to GitHub")
    @ApiResponse(responseCode = "400", description = "bad-request: a malformed query string")
    @ApiResponse(responseCode = "429", description = "too-many-sign-ins: too many /auth/* requests from this address")
    @ApiResponse(responseCode = "503", description = "sign-in-not-configured: no GitHub OAuth app configured")
    @GetMapping(LoginRequestResolver.LOGIN_PATH)
    void login() {
        throw notConfigured();
    }

    @Operation(
            summary = "Sign in to the web app with GitHub",
            description = "The same flow as /auth/login; the callback then sets the HttpOnly session cookie and "
                    + "redirects to / instead of answering with a token.")
    @ApiResponse(responseCode = "302", description = "to GitHub")
    @ApiResponse(responseCode = "400", description = "bad-request: a malformed query string")
    @ApiResponse(responseCode = "429", description = "too-many-sign-ins: too many /auth/* requests from this address")
    @ApiResponse(responseCode = "503", description = "sign-in-not-configured: no GitHub OAuth app configured")
    @GetMapping(LoginRequestResolver.WEB_LOGIN_PATH)
    void webLogin() {
        throw notConfigured();
    }

    @Operation(summary = "GitHub's redirect back", description = "Checks state, exchanges the code, reads /user.")
    @Parameter(
            name = "code",
            in = ParameterIn.QUERY,
            description = "GitHub's authorization code",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "state",
            in = ParameterIn.QUERY,
            description = "the state of the pending sign-in",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "a token (Cache-Control: no-store)")
    @ApiResponse(
            responseCode = "302",
            description = "a sign-in started at /auth/web-login: to / with the session cookie set "
                    + "(to /?sign-in=failed when GitHub refused it)")
    @ApiResponse(
            responseCode = "400",
            description = "sign-in-failed: unknown, expired or already used state; "
                    + "bad-request: a malformed query string")
    @ApiResponse(responseCode = "401", description = "sign-in-failed: GitHub refused the code")
    @ApiResponse(responseCode = "429", description = "too-many-sign-ins: too many /auth/* requests from this address")
    @ApiResponse(responseCode = "502", description = "sign-in-failed: GitHub gave no usable answer to /user")
    @ApiResponse(responseCode = "503", description = "sign-in-not-configured: no GitHub OAuth app configured")
    @GetMapping(path = GithubSignIn.CALLBACK_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse callback() {
        throw notConfigured();
    }

    private static ApiException notConfigured() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "sign-in-not-configured",
                "Sign-in not configured",
                "This environment has no GitHub OAuth app (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET); "
                        + "in dev use POST /auth/dev-login.");
    }
}
