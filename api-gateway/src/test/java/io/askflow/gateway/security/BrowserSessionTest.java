package io.askflow.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.gateway.GatewayProperties;
import io.askflow.runtime.AppEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mock.web.MockHttpServletResponse;

/** The session cookie's flags in every environment: Secure everywhere but dev, which serves plain HTTP. */
class BrowserSessionTest {

    private static final String SECRET = "browser-session-test-secret-0123456789-abcdef";

    @ParameterizedTest
    @EnumSource(AppEnvironment.class)
    void theCookieIsHttpOnlySameSiteAndSecureOutsideDev(AppEnvironment environment) {
        BrowserSession sessions = sessions(environment);
        MockHttpServletResponse response = new MockHttpServletResponse();

        sessions.start(response, 42, "octocat");

        String cookie = response.getHeaders("Set-Cookie").get(0);
        assertThat(response.getHeaders("Set-Cookie").get(1))
                .startsWith("XSRF-TOKEN=;")
                .contains("Max-Age=0");
        assertThat(cookie)
                .startsWith(BrowserSession.COOKIE + "=ey")
                .contains("; HttpOnly")
                .contains("; SameSite=Lax")
                .contains("; Path=/")
                .contains("; Max-Age=28800");
        if (environment.isDev()) {
            assertThat(cookie).doesNotContain("Secure");
        } else {
            assertThat(cookie).contains("; Secure");
        }
    }

    @ParameterizedTest
    @EnumSource(AppEnvironment.class)
    void signOutExpiresBothCookies(AppEnvironment environment) {
        MockHttpServletResponse response = new MockHttpServletResponse();

        sessions(environment).end(response);

        assertThat(response.getHeaders("Set-Cookie"))
                .hasSize(2)
                .allSatisfy(cookie -> assertThat(cookie).contains("Max-Age=0").contains("SameSite=Lax"))
                .anySatisfy(cookie ->
                        assertThat(cookie).startsWith("askflow_session=;").contains("HttpOnly"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("XSRF-TOKEN=;"));
    }

    private static BrowserSession sessions(AppEnvironment environment) {
        GatewayProperties properties = new GatewayProperties(
                null,
                new GatewayProperties.Auth(
                        SECRET, List.of(), Duration.ofHours(1), Duration.ofHours(8), Duration.ofSeconds(30), 30, null),
                List.of());
        JwtConfig config = new JwtConfig();
        SigningKeys keys = config.signingKeys(properties, environment);
        TokenService tokens =
                new TokenService(config.jwtEncoder(keys), keys, properties, environment, Clock.systemUTC());
        return new BrowserSession(tokens, properties, environment);
    }
}
