package io.askflow.gateway.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The web app's session cookie, started from a token and ended at sign-out. */
@RestController
class SessionController {

    private final BrowserSession sessions;

    SessionController(BrowserSession sessions) {
        this.sessions = sessions;
    }

    @Operation(
            summary = "Start a web app session from a token",
            description = "Sets the HttpOnly session cookie for the token's user. The web app's dev sign-in uses it "
                    + "after POST /auth/dev-login; only a token in the Authorization header is accepted (not an API "
                    + "key, not the cookie itself), so no other site can make a browser call it.")
    @ApiResponse(responseCode = "204", description = "signed in: Set-Cookie askflow_session")
    @ApiResponse(responseCode = "401", description = "unauthorized: no valid token")
    @ApiResponse(responseCode = "403", description = "forbidden: an API key is not a sign-in")
    @PostMapping("/auth/session")
    ResponseEntity<Void> start(@AuthenticationPrincipal Jwt jwt, HttpServletResponse response) {
        CurrentUser user = CurrentUser.of(jwt);
        sessions.start(response, user.id(), user.login());
        return ResponseEntity.noContent().build();
    }

    @Operation(
            summary = "Sign out of the web app",
            description = "Expires the session and CSRF cookies. With the session cookie, the X-XSRF-TOKEN header "
                    + "must match the XSRF-TOKEN cookie.")
    @SecurityRequirements({})
    @ApiResponse(responseCode = "204", description = "signed out")
    @ApiResponse(responseCode = "403", description = "forbidden: session cookie without a matching CSRF token")
    @PostMapping("/auth/logout")
    ResponseEntity<Void> end(HttpServletResponse response) {
        sessions.end(response);
        return ResponseEntity.noContent().build();
    }
}
