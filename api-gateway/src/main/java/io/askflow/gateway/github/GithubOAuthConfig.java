package io.askflow.gateway.github;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.BrowserSession;
import io.askflow.gateway.security.TokenService;
import io.askflow.gateway.users.UserRepository;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

@Configuration(proxyBeanMethods = false)
class GithubOAuthConfig {

    static final String REGISTRATION_ID = "github";

    @Bean
    GithubSignIn githubSignIn(
            GatewayProperties properties,
            Jdbi jdbi,
            Clock clock,
            UserRepository users,
            TokenService tokens,
            BrowserSession sessions,
            ObjectMapper mapper) {
        return new GithubSignIn(
                properties.auth().github(),
                new DatabaseAuthorizationRequestRepository(jdbi, clock),
                new SignInHandlers(users, sessions, tokens, mapper, clock));
    }
}
