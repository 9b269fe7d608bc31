package io.askflow.gateway.admin;

import io.askflow.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AdminUsageController {

    private static final Duration MAX_PERIOD = Duration.ofDays(366);
    private static final int MAX_USERS = 1000;

    private final UsageRepository usage;
    private final AdminAccess admins;
    private final Clock clock;

    AdminUsageController(UsageRepository usage, AdminAccess admins, Clock clock) {
        this.usage = usage;
        this.admins = admins;
        this.clock = clock;
    }

    /**
     * @param from start of the period (inclusive)
     * @param to end of the period (exclusive)
     * @param users per-user usage, most expensive first
     */
    record UsageReport(Instant from, Instant to, List<UsageRepository.UserUsage> users) {}

    @Operation(
            summary = "Requests, tokens and cost per user over a period (admins only)",
            description = "from and to are ISO-8601 instants; default: the last 24 hours.")
    @ApiResponse(responseCode = "200", description = "the report")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: not an instant, or a period that does not start before it ends or spans "
                    + "more than 366 days")
    @ApiResponse(responseCode = "403", description = "forbidden: not an admin")
    @GetMapping(path = "/admin/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    UsageReport usage(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "inclusive; default: to minus 24 hours", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "exclusive; default: now", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    String to) {
        admins.require(jwt);
        Instant end = to == null ? clock.instant() : AdminAccess.instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : AdminAccess.instant("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("the period must start before it ends and span at most 366 days");
        }
        return new UsageReport(start, end, usage.usage(start.toEpochMilli(), end.toEpochMilli(), MAX_USERS));
    }
}
