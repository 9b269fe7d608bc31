package io.askflow.gateway.admin;

import io.askflow.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AdminTelemetryController {

    private static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_ID_LENGTH = 128;
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(1);

    private final TelemetryRepository telemetry;
    private final AdminAccess admins;
    private final Clock clock;

    AdminTelemetryController(TelemetryRepository telemetry, AdminAccess admins, Clock clock) {
        this.telemetry = telemetry;
        this.admins = admins;
        this.clock = clock;
    }

    /** @param items events, newest first */
    record TelemetryPage(List<TelemetryEventView> items) {}

    @Operation(
            summary = "Telemetry events (admins only)",
            description =
                    "Filter by request_id, question_id or user_id; since is an ISO-8601 instant (default: one day ago).")
    @ApiResponse(responseCode = "200", description = "events, newest first")
    @ApiResponse(responseCode = "400", description = "bad-request: a parameter out of its range or format")
    @ApiResponse(responseCode = "403", description = "forbidden: not an admin")
    @GetMapping(path = "/admin/telemetry", produces = MediaType.APPLICATION_JSON_VALUE)
    TelemetryPage telemetry(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(schema = @Schema(minLength = 1, maxLength = MAX_ID_LENGTH))
                    @RequestParam(name = "request_id", required = false)
                    String requestId,
            @Parameter(schema = @Schema(minLength = 1, maxLength = MAX_ID_LENGTH))
                    @RequestParam(name = "question_id", required = false)
                    String questionId,
            @Parameter(description = "a GitHub id", schema = @Schema(type = "integer", format = "int64", minimum = "1"))
                    @RequestParam(name = "user_id", required = false)
                    String userId,
            @Parameter(
                            description = "events recorded at or after it; default: one day ago",
                            schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    String since,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = "integer",
                                            minimum = "1",
                                            maximum = "" + MAX_LIMIT,
                                            defaultValue = "" + DEFAULT_LIMIT))
                    @RequestParam(required = false)
                    String limit) {
        admins.require(jwt);
        TelemetryRepository.TelemetryQuery query = new TelemetryRepository.TelemetryQuery(
                bounded("request_id", requestId),
                bounded("question_id", questionId),
                userId == null ? null : positiveLong("user_id", userId),
                since == null ? clock.instant().minus(DEFAULT_PERIOD) : AdminAccess.instant("since", since),
                limit == null ? DEFAULT_LIMIT : limit(limit));
        return new TelemetryPage(telemetry.find(query));
    }

    private static String bounded(String name, String value) {
        if (value != null && (value.isEmpty() || value.codePointCount(0, value.length()) > MAX_ID_LENGTH)) {
            throw ApiException.badRequest(name + " must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static long positiveLong(String name, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // same answer as a non-positive number
        }
        throw ApiException.badRequest(name + " must be a positive number");
    }

    private static int limit(String value) {
        long parsed = positiveLong("limit", value);
        if (parsed > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be at most " + MAX_LIMIT);
        }
        return (int) parsed;
    }
}
