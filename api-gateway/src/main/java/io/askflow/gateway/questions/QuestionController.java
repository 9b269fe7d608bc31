package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.askflow.gateway.web.RequestIds;
import io.askflow.workflows.AskRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class QuestionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** 1 to 255 visible ASCII characters (0x21 to 0x7E). */
    private static final String KEY_PATTERN = "^[!-~]{1,255}$";

    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final Pattern NOT_BLANK = Pattern.compile(AskBody.NOT_BLANK);
    private static final Pattern TRIM = Pattern.compile("\\A[" + AskBody.SPACE + "]+|[" + AskBody.SPACE + "]+\\z");
    private static final Pattern QUESTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final QuestionService service;
    private final GatewayProperties properties;
    private final FloodGuard floodGuard;
    private final Clock clock;

    QuestionController(QuestionService service, GatewayProperties properties, FloodGuard floodGuard, Clock clock) {
        this.service = service;
        this.properties = properties;
        this.floodGuard = floodGuard;
        this.clock = clock;
    }

    @Operation(
            summary = "Ask a question and wait for the answer",
            description = "Waits up to the sync timeout; answers 202 with Location when the answer takes longer.")
    @ApiResponse(responseCode = "200", description = "answered")
    @ApiResponse(responseCode = "202", description = "still working (queued or running); poll the Location")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: empty, blank or too long question, malformed Idempotency-Key; "
                    + "malformed-body: not JSON, or JSON of the wrong shape or types")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @ApiResponse(
            responseCode = "422",
            description = "idempotency-key-reused: this Idempotency-Key was used for a different question")
    @ApiResponse(
            responseCode = "429",
            description = "too-many-requests: flood guard, nothing recorded; over-limit: over the user's "
                    + "quota, the question is recorded as rejected")
    @ApiResponse(responseCode = "502", description = "model-failed: the question failed for good")
    @ApiResponse(
            responseCode = "503",
            description = "busy: too many waits in progress, with Retry-After; unavailable: the question could "
                    + "not be handed to Temporal",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "with busy: seconds to wait before trying again",
                            schema = @Schema(type = "integer", minimum = "0")))
    @PostMapping(
            path = "/ask",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<QuestionResource> ask(
            @AuthenticationPrincipal Jwt jwt,
            @RequestBody AskBody body,
            @Parameter(
                            description = "same key, same question: one model call, one charge",
                            schema = @Schema(pattern = KEY_PATTERN, minLength = 1, maxLength = 255))
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            HttpServletRequest request) {
        Submission submission = admit(jwt, body, idempotencyKey, request);
        QuestionService.Outcome outcome = floodGuard.waitSynchronously(() -> service.ask(submission));
        QuestionResource resource = outcome.question();
        return switch (outcome.status()) {
            case COMPLETED -> ResponseEntity.ok(resource);
            case REJECTED -> throw rejected(resource, outcome.retryAfterSeconds());
            case FAILED -> throw failed(resource);
            case QUEUED, RUNNING ->
                ResponseEntity.accepted().location(location(resource)).body(resource);
        };
    }

    @Operation(summary = "Submit a question without waiting", description = "Poll the Location for the answer.")
    @ApiResponse(responseCode = "202", description = "accepted (usually queued)")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: empty, blank or too long question, malformed Idempotency-Key; "
                    + "malformed-body: not JSON, or JSON of the wrong shape or types")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @ApiResponse(
            responseCode = "422",
            description = "idempotency-key-reused: this Idempotency-Key was used for a different question")
    @ApiResponse(
            responseCode = "429",
            description = "too-many-requests: flood guard (a question over the quota is accepted and rejected later)")
    @ApiResponse(responseCode = "503", description = "unavailable: Temporal could not be reached")
    @PostMapping(
            path = "/questions",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<QuestionResource> submit(
            @AuthenticationPrincipal Jwt jwt,
            @RequestBody AskBody body,
            @Parameter(
                            description = "same key, same question: one question, one model call",
                            schema = @Schema(pattern = KEY_PATTERN, minLength = 1, maxLength = 255))
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            HttpServletRequest request) {
        QuestionResource resource = service.submit(admit(jwt, body, idempotencyKey, request));
        return ResponseEntity.accepted().location(location(resource)).body(resource);
    }

    @Operation(summary = "One of your questions, with per-step progress")
    @ApiResponse(responseCode = "200", description = "the question")
    @ApiResponse(responseCode = "404", description = "not-found: no such question, or not yours")
    @GetMapping(path = "/questions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    QuestionResource question(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the question id (lower case)", schema = @Schema(format = "uuid")) @PathVariable
                    String id) {
        if (!QUESTION_ID.matcher(id).matches()) {
            throw ApiException.notFound();
        }
        // Someone else's question is indistinguishable from a missing one: no existence leak.
        return service.find(CurrentUser.of(jwt), id).orElseThrow(ApiException::notFound);
    }

    @Operation(summary = "Your questions, newest first", description = "Cursor-paginated: pass next_cursor as cursor.")
    @ApiResponse(responseCode = "200", description = "a page of history")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: bad limit or cursor (only a next_cursor of an earlier page is valid)")
    @GetMapping(path = "/history", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryPage history(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "page size", schema = @Schema(type = "integer", minimum = "1"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "next_cursor of the previous page; omit for the first page")
                    @RequestParam(required = false)
                    String cursor) {
        int pageSize = validLimit(limit);
        HistoryCursor after = cursor == null
                ? null
                : HistoryCursor.decode(cursor).orElseThrow(() -> ApiException.badRequest("cursor is not valid"));
        return service.history(CurrentUser.of(jwt), after, pageSize);
    }

    /**
     * Validates a submission, lets it past the flood guard and makes the workflow's input, once, with the
     * question's new id; both POSTs start here.
     */
    private Submission admit(Jwt jwt, AskBody body, String idempotencyKey, HttpServletRequest request) {
        CurrentUser user = CurrentUser.of(jwt);
        String question = validQuestion(body);
        String key = validKey(idempotencyKey);
        floodGuard.admit(user.id(), request.getRemoteAddr());
        AskRequest askRequest = new AskRequest(
                UUID.randomUUID().toString(),
                user.id(),
                question,
                RequestIds.of(request),
                request.getRequestURI(),
                clock.millis(),
                skipsCache(request));
        return new Submission(user, key, askRequest);
    }

    /** The rule the API description states: see {@link AskBody}. */
    private String validQuestion(AskBody body) {
        if (body == null
                || body.question() == null
                || !NOT_BLANK.matcher(body.question()).find()) {
            throw ApiException.badRequest("question must not be empty");
        }
        String question = body.question();
        int max = properties.gateway().maxQuestionLength();
        if (question.codePointCount(0, question.length()) > max) {
            throw ApiException.badRequest("question is longer than " + max + " characters");
        }
        return TRIM.matcher(question).replaceAll("");
    }

    /** {@code Cache-Control: no-cache} (or no-store) asks for a fresh answer, bypassing the answer cache. */
    private static boolean skipsCache(HttpServletRequest request) {
        String cacheControl = request.getHeader("Cache-Control");
        return cacheControl != null && (cacheControl.contains("no-cache") || cacheControl.contains("no-store"));
    }

    private static String validKey(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ApiException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        return key;
    }

    private int validLimit(String limit) {
        if (limit == null) {
            return properties.gateway().historyPageSize();
        }
        int max = properties.gateway().historyMaxPageSize();
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + max);
    }

    private static URI location(QuestionResource question) {
        return URI.create("/questions/" + question.id());
    }

    private static ApiException rejected(QuestionResource question, long retryAfterSeconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                "over-limit",
                "Over your limit",
                question.error() == null
                        ? "You are over your limit."
                        : question.error().message(),
                Map.of("question_id", question.id()),
                headers);
    }

    private static ApiException failed(QuestionResource question) {
        boolean unavailable = question.error() != null
                && "unavailable".equals(question.error().code());
        return new ApiException(
                unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
                unavailable ? "unavailable" : "model-failed",
                unavailable ? "Service unavailable" : "The model could not answer",
                question.error() == null
                        ? "The question failed."
                        : question.error().message(),
                question.error() == null
                        ? Map.of("question_id", question.id())
                        : Map.of("question_id", question.id(), "error", question.error()),
                HttpHeaders.EMPTY);
    }
}
