package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.askflow.gateway.security.TokenService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Every way a token can be wrong is refused; environments and key rotation behave as documented. */
@ExtendWith(OutputCaptureExtension.class)
class TokenAttackTest {

    static final String STAGING_SECRET = "staging-signing-secret-0123456789-abcdefgh";
    static final String PRODUCTION_SECRET = "production-signing-secret-0123456789-abcdef";

    final AskflowStack stack = AskflowStack.shared();
    long userId;
    Instant now;

    @BeforeEach
    void setUp() {
        userId = AskflowStack.newUserId();
        stack.login(userId);
        now = Instant.now();
    }

    @Test
    void aWellFormedTokenIsAccepted() throws Exception {
        assertThat(me(
                        stack.baseUri,
                        sign(AskflowStack.JWT_SECRET, kid(AskflowStack.JWT_SECRET), claims("askflow-dev"))))
                .isEqualTo(200);
    }

    @Test
    void everyRefusalIsLoggedWithRequestIdEndpointAndReasonButNeverTheToken(CapturedOutput output) throws Exception {
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .expirationTime(Date.from(now.minusSeconds(3600)))
                .build();
        String token = sign(AskflowStack.JWT_SECRET, kid(AskflowStack.JWT_SECRET), expired);

        AskflowStack.Response response = stack.send(HttpRequest.newBuilder(stack.baseUri.resolve("/history"))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "expired-" + userId)
                .GET());

        assertThat(response.status()).isEqualTo(401);
        assertThat(output.getOut())
                .contains("authentication failed: request_id=expired-" + userId + " endpoint=GET /history")
                .contains("expired")
                .doesNotContain(token)
                .doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String header = base64("{\"alg\":\"none\",\"kid\":\"" + kid(AskflowStack.JWT_SECRET) + "\"}");
        String payload = base64(claims("askflow-dev").toString());
        assertThat(me(stack.baseUri, header + "." + payload + ".")).isEqualTo(401);
    }

    @Test
    void otherAlgorithmsAreRefused() throws Exception {
        String longSecret = AskflowStack.JWT_SECRET.repeat(2);
        SignedJWT hs512 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS512)
                        .keyID(kid(AskflowStack.JWT_SECRET))
                        .build(),
                claims("askflow-dev"));
        hs512.sign(new MACSigner(longSecret.getBytes(StandardCharsets.UTF_8)));
        assertThat(me(stack.baseUri, hs512.serialize())).isEqualTo(401);
    }

    @Test
    void tamperedTokensAreRefused() throws Exception {
        String valid = sign(AskflowStack.JWT_SECRET, kid(AskflowStack.JWT_SECRET), claims("askflow-dev"));
        String[] parts = valid.split("\\.");
        String otherSubject = base64(new JWTClaimsSet.Builder(claims("askflow-dev"))
                .subject(Long.toString(AskflowStack.ADMIN_ID))
                .build()
                .toString());
        // change the first character: it carries six full bits (the last one may carry only padding bits)
        char first = parts[2].charAt(0);
        String flipped = (first == 'A' ? 'B' : 'A') + parts[2].substring(1);

        assertThat(me(stack.baseUri, parts[0] + "." + otherSubject + "." + parts[2]))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, parts[0] + "." + parts[1] + "." + flipped)).isEqualTo(401);
        assertThat(me(stack.baseUri, "not-a-jwt")).isEqualTo(401);
    }

    @Test
    void timeClaimsAreEnforced() throws Exception {
        String kid = kid(AskflowStack.JWT_SECRET);
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .expirationTime(null)
                .build();
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .issueTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(120)))
                .build();
        JWTClaimsSet notYetValid = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .notBeforeTime(Date.from(now.plusSeconds(300)))
                .build();

        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, noExpiry)))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, expired)))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, notYetValid)))
                .isEqualTo(401);
    }

    @Test
    void issuerAudienceAndSubjectAreEnforced() throws Exception {
        String kid = kid(AskflowStack.JWT_SECRET);
        JWTClaimsSet wrongIssuer = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .issuer("someone-else")
                .build();
        JWTClaimsSet wrongAudience = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .audience("askflow-production")
                .build();
        JWTClaimsSet loginAsSubject = new JWTClaimsSet.Builder(claims("askflow-dev"))
                .subject("octocat")
                .build();

        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, wrongIssuer)))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, wrongAudience)))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, kid, loginAsSubject)))
                .isEqualTo(401);
    }

    @Test
    void unknownOrMissingKeyIdIsRefused() throws Exception {
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, "not-our-kid", claims("askflow-dev"))))
                .isEqualTo(401);
        assertThat(me(stack.baseUri, sign(AskflowStack.JWT_SECRET, null, claims("askflow-dev"))))
                .isEqualTo(401);
        String forged = "another-secret-that-is-long-enough-0123456789";
        assertThat(me(stack.baseUri, sign(forged, kid(forged), claims("askflow-dev"))))
                .isEqualTo(401);
    }

    @Test
    void aStagingTokenIsRefusedByProductionAndTheReverse() {
        ConfigurableApplicationContext staging = stack.startGateway(environment("staging", STAGING_SECRET));
        ConfigurableApplicationContext production = stack.startGateway(environment("production", PRODUCTION_SECRET));
        try {
            String stagingToken = staging.getBean(TokenService.class)
                    .issue(userId, "user-" + userId)
                    .value();
            String productionToken = production
                    .getBean(TokenService.class)
                    .issue(userId, "user-" + userId)
                    .value();

            assertThat(me(AskflowStack.uri(staging), stagingToken)).isEqualTo(200);
            assertThat(me(AskflowStack.uri(production), productionToken)).isEqualTo(200);
            assertThat(me(AskflowStack.uri(production), stagingToken)).isEqualTo(401);
            assertThat(me(AskflowStack.uri(staging), productionToken)).isEqualTo(401);
            // and neither has the dev sign-in
            assertThat(stack.send(HttpRequest.newBuilder(
                                            AskflowStack.uri(production).resolve("/auth/dev-login"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"x\",\"id\":1}")))
                            .status())
                    .isEqualTo(404);
        } finally {
            staging.close();
            production.close();
        }
    }

    @Test
    void keysRotateWithoutLoggingAnyoneOut() {
        String oldToken = stack.login(userId);
        String newSecret = "the-next-signing-secret-0123456789-abcdefgh";
        ConfigurableApplicationContext rotated = stack.startGateway(
                "--askflow.auth.jwt-secret=" + newSecret,
                "--askflow.auth.previous-jwt-secrets=" + AskflowStack.JWT_SECRET);
        ConfigurableApplicationContext retired = stack.startGateway("--askflow.auth.jwt-secret=" + newSecret);
        try {
            String newToken = rotated.getBean(TokenService.class)
                    .issue(userId, "user-" + userId)
                    .value();

            assertThat(me(AskflowStack.uri(rotated), oldToken))
                    .as("old kid still verifies")
                    .isEqualTo(200);
            assertThat(me(AskflowStack.uri(rotated), newToken)).isEqualTo(200);
            assertThat(header(newToken)).contains(kid(newSecret));
            assertThat(me(AskflowStack.uri(retired), oldToken))
                    .as("old kid removed")
                    .isEqualTo(401);
            assertThat(me(AskflowStack.uri(retired), newToken)).isEqualTo(200);
        } finally {
            rotated.close();
            retired.close();
        }
    }

    @Test
    void refusesToStartWithAShortSecretOrWithoutOneOutsideDev() {
        assertThatThrownBy(() -> stack.startGateway("--askflow.auth.jwt-secret=too-short"))
                .hasStackTraceContaining("at least 32 bytes");
        assertThatThrownBy(() -> stack.startGateway("--askflow.env=production", "--askflow.auth.jwt-secret="))
                .hasStackTraceContaining("JWT_SECRET");
    }

    private static String[] environment(String env, String secret) {
        // outside dev the gateway also needs its payload codec's keys (EncryptedHistoryTest)
        return new String[] {
            "--askflow.env=" + env,
            "--askflow.auth.jwt-secret=" + secret,
            "--askflow.codec.keys=" + EnvironmentRefusalTest.CODEC_KEYS
        };
    }

    private int me(URI base, String token) {
        return stack.send(HttpRequest.newBuilder(base.resolve("/me"))
                        .header("Authorization", "Bearer " + token)
                        .GET())
                .status();
    }

    private JWTClaimsSet claims(String environment) {
        return new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .claim("name", "user-" + userId)
                .issuer(environment)
                .audience(environment)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID("test-" + now.toEpochMilli())
                .build();
    }

    private static String sign(String secret, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** The gateway's key id: the first six bytes of the secret's SHA-256, in hex. */
    static String kid(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
