package io.askflow.gateway.security;

import static io.askflow.gateway.ProblemDocuments.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.askflow.gateway.GatewayWebTest;
import io.askflow.gateway.users.UserRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The real filter chain and keys: who gets in with which token, and what everyone else gets back. */
@GatewayWebTest
class TokenAuthenticationTest {

    static final String ISSUER = "askflow-dev";
    static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TokenService tokens;

    @Autowired
    UserRepository users;

    final long userId = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
    final Instant now = Instant.now();

    @BeforeEach
    void knownUser() {
        when(users.login(userId)).thenReturn(Optional.of("octocat"));
    }

    @Test
    void anIssuedTokenIsAcceptedAndTheAnswerCarriesTheSecurityHeaders() {
        MvcTestResult result = me("Bearer " + tokens.issue(userId, "octocat").value());

        assertThat(result).hasStatusOk();
        assertSecurityHeaders(result);
    }

    @Test
    void noTokenIs401WithAProblemAndTheSecurityHeaders() {
        MvcTestResult result = mvc.get().uri("/me").exchange();

        assertProblem(result, HttpStatus.UNAUTHORIZED, "unauthorized");
        assertThat(result)
                .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("A bearer token is required.");
        assertSecurityHeaders(result);
    }

    @Test
    void aTamperedSignatureIs401() {
        String[] parts = tokens.issue(userId, "octocat").value().split("\\.");
        // the first character carries six full bits of the signature (the last may carry only padding)
        String flipped = (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);

        MvcTestResult result = me("Bearer " + parts[0] + "." + parts[1] + "." + flipped);

        assertProblem(result, HttpStatus.UNAUTHORIZED, "unauthorized");
        assertThat(result)
                .hasHeader(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("The bearer token is invalid or expired.");
    }

    @Test
    void aTokenOfThePreviousSecretStillVerifies() throws JOSEException {
        String previous = GatewayWebTest.PREVIOUS_JWT_SECRET;

        assertThat(me(sign(previous, kid(previous), claims().build()))).hasStatusOk();
    }

    @Test
    void aTokenOfAnUnknownSecretIs401WhateverKidItNames() throws JOSEException {
        String unknown = "some-other-environments-secret-0123456789";

        assertThat(me(sign(unknown, kid(unknown), claims().build())))
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasHeader(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN);
        assertThat(me(sign(unknown, kid(GatewayWebTest.JWT_SECRET), claims().build())))
                .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aTokenWithoutKidIs401() throws JOSEException {
        assertThat(me(sign(GatewayWebTest.JWT_SECRET, null, claims().build()))).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void algNoneIs401() {
        String header = base64("{\"alg\":\"none\",\"kid\":\"" + kid(GatewayWebTest.JWT_SECRET) + "\"}");

        assertThat(me("Bearer " + header + "." + base64(claims().build().toString()) + "."))
                .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyHs256IsAcceptedEvenWithTheRightSecretAndKid() throws JOSEException {
        String secret = GatewayWebTest.JWT_SECRET;
        for (JWSAlgorithm algorithm : new JWSAlgorithm[] {JWSAlgorithm.HS384, JWSAlgorithm.HS512}) {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm).keyID(kid(secret)).build(), claims().build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));

            assertThat(me("Bearer " + jwt.serialize())).as(algorithm.getName()).hasStatus(HttpStatus.UNAUTHORIZED);
        }
    }

    @Test
    void expiredTokensAre401ButTheClockSkewIsAllowed() throws JOSEException {
        String secret = GatewayWebTest.JWT_SECRET;
        JWTClaimsSet expired = claims().issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(60)))
                .build();
        JWTClaimsSet withinSkew = claims().issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(10)))
                .build();
        JWTClaimsSet noExpiry = claims().expirationTime(null).build();

        assertThat(me(sign(secret, kid(secret), expired))).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(me(sign(secret, kid(secret), noExpiry))).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(me(sign(secret, kid(secret), withinSkew))).hasStatusOk();
    }

    @Test
    void anotherEnvironmentsTokenIs401() throws JOSEException {
        String secret = GatewayWebTest.JWT_SECRET;
        JWTClaimsSet staging =
                claims().issuer("askflow-staging").audience("askflow-staging").build();
        JWTClaimsSet stagingAudience = claims().audience("askflow-staging").build();

        assertThat(me(sign(secret, kid(secret), staging))).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(me(sign(secret, kid(secret), stagingAudience))).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aSubjectThatIsNotAGithubIdIs401() throws JOSEException {
        String secret = GatewayWebTest.JWT_SECRET;

        assertThat(me(sign(secret, kid(secret), claims().subject("octocat").build())))
                .hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(me(sign(secret, kid(secret), claims().subject("-5").build())))
                .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void garbageIs401() {
        assertThat(me("Bearer not-a-jwt")).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(me("Basic b2N0b2NhdDpzZWNyZXQ=")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    private MvcTestResult me(String authorization) {
        return mvc.get()
                .uri("/me")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange();
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .claim("name", "octocat")
                .issuer(ISSUER)
                .audience(ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(String secret, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return "Bearer " + jwt.serialize();
    }

    private static String kid(String secret) {
        return SigningKey.of(secret).keyId();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSecurityHeaders(MvcTestResult result) {
        assertThat(result)
                .hasHeader("X-Content-Type-Options", "nosniff")
                .hasHeader("X-Frame-Options", "DENY")
                .hasHeader("Referrer-Policy", "no-referrer")
                .hasHeader("Content-Security-Policy", SecurityConfig.CONTENT_SECURITY_POLICY);
    }
}
