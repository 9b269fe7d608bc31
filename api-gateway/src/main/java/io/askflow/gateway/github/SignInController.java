package io.askflow.gateway.github;

import io.askflow.gateway.users.TokenResponse;
import io.askflow.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Documents the sign-in routes. With a GitHub OAuth app configured, Spring Security's filters answer both
 * before a request gets here; without one, these say so.
 */
@RestController
class SignInController {

    @Operation(
            summary = "Sign in with GitHub",
            description = "Redirects to GitHub's authorize URL with state and PKCE (S256).")
    @ApiResponse(responseCode = "302", description = "to GitHub")
    @ApiResponse(responseCode = "429", description = "too many sign-in requests from this address")
    @ApiResponse(responseCode = "503", description = "no GitHub OAuth app configured")
    @GetMapping(LoginRequestResolver.LOGIN_PATH)
    void login() {
        throw notConfigured();
    }

    @Operation(summary = "GitHub's redirect back", description = "Checks state, exchanges the code, reads /user.")
    @ApiResponse(responseCode = "200", description = "a token")
    @ApiResponse(responseCode = "400", description = "unknown, expired or reused state")
    @ApiResponse(responseCode = "401", description = "GitHub refused the code")
    @ApiResponse(responseCode = "502", description = "GitHub did not answer /user")
    @ApiResponse(responseCode = "503", description = "no GitHub OAuth app configured")
    @GetMapping(GithubSignIn.CALLBACK_PATH)
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
