package io.askflow.gateway.admin;

import static io.askflow.gateway.ProblemDocuments.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.askflow.gateway.GatewayWebTest;
import io.askflow.gateway.security.TokenService;
import io.askflow.workflows.activity.Usage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@GatewayWebTest
class AdminEndpointsTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TokenService tokens;

    @Autowired
    UsageRepository usage;

    @Autowired
    TelemetryRepository telemetry;

    @ParameterizedTest
    @ValueSource(strings = {"/admin/usage", "/admin/telemetry"})
    void notAnAdminIs403AndReadsNothing(String path) {
        long someone = ThreadLocalRandom.current().nextLong(10_000, 1_000_000_000);

        assertProblem(get(path, someone), HttpStatus.FORBIDDEN, "forbidden");
        verifyNoInteractions(usage, telemetry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/usage", "/admin/telemetry"})
    void withoutATokenIs401(String path) {
        assertProblem(mvc.get().uri(path).exchange(), HttpStatus.UNAUTHORIZED, "unauthorized");
    }

    @Test
    void usageDefaultsToTheLast24Hours() {
        when(usage.usage(anyLong(), anyLong(), anyInt())).thenReturn(List.of(octocatsUsage()));

        MvcTestResult result = get("/admin/usage", GatewayWebTest.ADMIN_ID);

        assertThat(result).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.users[0].login").isEqualTo("octocat");
            assertThat(json).extractingPath("$.users[0].prompt_tokens").isEqualTo(10);
            assertThat(json).extractingPath("$.users[0].total_tokens").isEqualTo(15);
            assertThat(json).extractingPath("$.users[0].cost_usd").isEqualTo(0.25);
            assertThat(json).extractingPath("$.users[0].rejected").isEqualTo(1);
        });
        ArgumentCaptor<Long> from = ArgumentCaptor.forClass(Long.class);
        ArgumentCaptor<Long> to = ArgumentCaptor.forClass(Long.class);
        verify(usage).usage(from.capture(), to.capture(), eq(1000));
        assertThat(to.getValue()).isCloseTo(Instant.now().toEpochMilli(), within(60_000L));
        assertThat(to.getValue() - from.getValue()).isEqualTo(24 * 3600 * 1000L);
    }

    @Test
    void usageOverAGivenPeriod() {
        MvcTestResult result =
                get("/admin/usage?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", GatewayWebTest.ADMIN_ID);

        assertThat(result).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.from").isEqualTo("2026-11-01T00:00:00Z");
            assertThat(json).extractingPath("$.to").isEqualTo("2026-11-02T00:00:00Z");
            assertThat(json).extractingPath("$.users").asArray().isEmpty();
        });
        verify(usage)
                .usage(
                        Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2026-11-02T00:00:00Z").toEpochMilli(),
                        1000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "from=yesterday",
                "to=2026-13-01T00:00:00Z",
                "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
                "from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z",
                "from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"
            })
    void aBadPeriodIs400(String query) {
        assertProblem(get("/admin/usage?" + query, GatewayWebTest.ADMIN_ID), HttpStatus.BAD_REQUEST, "bad-request");
        verifyNoInteractions(usage);
    }

    @Test
    void telemetryPassesTheFiltersOnAndAnswersNewestFirst() {
        when(telemetry.find(any())).thenReturn(List.of(anEvent()));

        MvcTestResult result = get(
                "/admin/telemetry?request_id=trace-me-1&user_id=7&since=2026-11-23T00:00:00Z&limit=500",
                GatewayWebTest.ADMIN_ID);

        assertThat(result).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.items[0].request_id").isEqualTo("trace-me-1");
            assertThat(json).extractingPath("$.items[0].total_latency_ms").isEqualTo(320);
            assertThat(json).extractingPath("$.items[0].prompt_tokens").isEqualTo(12);
            assertThat(json).extractingPath("$.items[0].total_tokens").isEqualTo(20);
            assertThat(json).extractingPath("$.items[0].recorded_at").isEqualTo("2026-11-23T18:13:50.182Z");
        });
        ArgumentCaptor<TelemetryRepository.TelemetryQuery> query =
                ArgumentCaptor.forClass(TelemetryRepository.TelemetryQuery.class);
        verify(telemetry).find(query.capture());
        assertThat(query.getValue())
                .isEqualTo(new TelemetryRepository.TelemetryQuery(
                        "trace-me-1", null, 7L, Instant.parse("2026-11-23T00:00:00Z"), 500));
    }

    @Test
    void telemetryDefaultsToTheLastDayAndAHundredEvents() {
        assertThat(get("/admin/telemetry", GatewayWebTest.ADMIN_ID)).hasStatusOk();

        ArgumentCaptor<TelemetryRepository.TelemetryQuery> query =
                ArgumentCaptor.forClass(TelemetryRepository.TelemetryQuery.class);
        verify(telemetry).find(query.capture());
        assertThat(query.getValue().limit()).isEqualTo(100);
        assertThat(query.getValue().since())
                .isCloseTo(Instant.now().minus(1, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=501",
                "limit=ten",
                "user_id=-1",
                "user_id=octocat",
                "since=last-week",
                "request_id=",
                "question_id="
            })
    void aBadTelemetryFilterIs400(String query) {
        assertProblem(get("/admin/telemetry?" + query, GatewayWebTest.ADMIN_ID), HttpStatus.BAD_REQUEST, "bad-request");
        verifyNoInteractions(telemetry);
    }

    @Test
    void aTelemetryFilterLongerThan128CharactersIs400() {
        assertProblem(
                get("/admin/telemetry?request_id=" + "r".repeat(129), GatewayWebTest.ADMIN_ID),
                HttpStatus.BAD_REQUEST,
                "bad-request");
        verifyNoInteractions(telemetry);
    }

    // The only code here that knows the repositories' record shapes; the tests themselves speak HTTP.

    /** 3 requests (1 completed, 1 failed, 1 rejected), 10 prompt + 5 completion tokens (2 cached), $0.25. */
    private static UsageRepository.UserUsage octocatsUsage() {
        return new UsageRepository.UserUsage(7, "octocat", 3, 1, 1, 1, new Usage(10, 5, 2, 15), 0.25);
    }

    /** Request trace-me-1 of user 7: 12 prompt + 8 completion tokens (4 cached), 320 ms in all. */
    private static TelemetryEventView anEvent() {
        return new TelemetryEventView(
                "q1",
                "trace-me-1",
                7,
                "/ask",
                17,
                "completed",
                42,
                false,
                "gpt-4o-mini",
                300,
                5,
                320,
                new Usage(12, 8, 4, 20),
                0.0000063,
                Instant.parse("2026-11-23T18:13:50.182Z"));
    }

    private MvcTestResult get(String uri, long userId) {
        return mvc.get()
                .uri(uri)
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + tokens.issue(userId, "user" + userId).value())
                .exchange();
    }
}
