package io.askflow.gateway.users;

import io.askflow.gateway.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {

    private final UserRepository users;

    MeController(UserRepository users) {
        this.users = users;
    }

    @Operation(summary = "Who you are")
    @ApiResponse(responseCode = "200", description = "your GitHub id and current login")
    @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    UserView me(@AuthenticationPrincipal Jwt jwt) {
        CurrentUser user = CurrentUser.of(jwt);
        // The stored login follows renames; the token's name is what it was at sign-in.
        return new UserView(user.id(), users.login(user.id()).orElse(user.login()));
    }
}
