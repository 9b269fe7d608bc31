package io.askflow.gateway;

import io.askflow.gateway.admin.MockedAdminRepositories;
import io.askflow.gateway.apikeys.ApiKeyRepository;
import io.askflow.gateway.questions.ConversationRepository;
import io.askflow.gateway.questions.QuestionService;
import io.askflow.gateway.questions.QuestionStreams;
import io.askflow.gateway.users.UserRepository;
import io.askflow.runtime.RuntimeAutoConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The gateway's web slice: every controller, the exception handler and the servlet filters, with the real
 * security configuration, token keys and flood guard, read from {@code askflow-gateway.yml} as in production.
 * Beneath the controllers there are only mocks: the question service and the repositories. Every test class
 * carrying this annotation gets the same application context, so the slice starts once per run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
        properties = {
            "spring.config.name=askflow-gateway",
            "askflow.auth.jwt-secret=" + GatewayWebTest.JWT_SECRET,
            "askflow.auth.previous-jwt-secrets=" + GatewayWebTest.PREVIOUS_JWT_SECRET,
            "askflow.admin-github-ids=" + GatewayWebTest.ADMIN_ID,
            // every MockMvc request comes from 127.0.0.1: the per-address flood limit would couple the tests
            "askflow.gateway.flood.address-requests-per-second=1000000",
        },
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            // SecurityConfig, JwtConfig and TokenService: the real filter chain and keys
                            "io\\.askflow\\.gateway\\.security\\..*",
                            // GitHub sign-in, unconfigured here as in a dev run without an OAuth app
                            "io\\.askflow\\.gateway\\.github\\.GithubOAuthConfig",
                            "io\\.askflow\\.gateway\\.questions\\.FloodGuard",
                            // the conversation endpoints build questions' workflow links themselves
                            "io\\.askflow\\.gateway\\.questions\\.WorkflowLinks",
                            "io\\.askflow\\.gateway\\.admin\\.AdminAccess"
                        }))
@ImportAutoConfiguration(RuntimeAutoConfiguration.class)
// the application's @ConfigurationPropertiesScan does not reach into slices
@EnableConfigurationProperties(GatewayProperties.class)
// Jdbi only satisfies the GitHub sign-in's state store, which no test here reaches.
@MockitoBean(
        types = {
            QuestionService.class,
            QuestionStreams.class,
            ConversationRepository.class,
            UserRepository.class,
            ApiKeyRepository.class,
            Jdbi.class
        })
@MockedAdminRepositories
public @interface GatewayWebTest {

    /** 64 bytes: long enough for HS512 too, so a test can show that only HS256 is accepted. */
    String JWT_SECRET = "web-slice-signing-secret-0123456789-abcdefghijklmnopqrstuvwxyz-64";

    String PREVIOUS_JWT_SECRET = "web-slice-retired-secret-0123456789-abcdefgh";
    long ADMIN_ID = 4242;
}
