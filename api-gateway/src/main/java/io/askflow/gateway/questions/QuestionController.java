package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.askflow.gateway.web.RequestIds;
import io.askflow.workflows.AskRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
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
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class QuestionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** 1 to 255 visible ASCII characters (0x21 to 0x7E). */
    private static final String KEY_PATTERN = "^[!-~]{1,255}$";

    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final Pattern NOT_BLANK = Pattern.compile(AskBody.NOT_BLANK);
    private static final Pattern TRIM = Pattern.compile("\\A[" + AskBody.SPACE + "]+|[" + AskBody.SPACE + "]+\\z");
    private static final Pattern QUESTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final QuestionService service;
    private final QuestionStreams streams;
    private final GatewayProperties properties;
    private final FloodGuard floodGuard;
    private final Clock clock;

    QuestionController(
            QuestionService service,
            QuestionStreams streams,
            GatewayProperties properties,
            FloodGuard floodGuard,
            Clock clock) {
        this.service = service;
        this.streams = streams;
        this.properties = properties;
        this.floodGuard = floodGuard;
        this.clock = clock;
    }

    /**
     * {@code POST /ask} with {@code Accept: text/event-stream}: the question's events instead of one JSON body.
     * The API description shows it with the JSON one, as one operation with two kinds of 200.
     */
    @Operation(hidden = true)
    @PostMapping(
            path = "/ask",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> askStreaming(
            @AuthenticationPrincipal Jwt jwt,
            @RequestBody AskBody body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            HttpServletRequest request) {
        Submission submission = admit(jwt, body, idempotencyKey, request);
        // The place for the stream is taken first: a busy gateway refuses before the question exists.
        QuestionStreams.Ticket ticket = streams.reserve();
        try {
            QuestionResource resource = service.submit(submission);
            return streams.stream(ticket, submission.user(), resource, null);
        } finally {
            ticket.release();
        }
    }

    @Operation(
            summary = "Follow one of your questions as Server-Sent Events",
            description = "The same events as POST /ask with Accept: text/event-stream. With Last-Event-ID, "
                    + "every event after that offset, once, in order, from any gateway.")
    @ApiResponse(
            responseCode = "200",
            description = "the question's events",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "object", description = "an event: id, event, data (JSON)")))
    @ApiResponse(
            responseCode = "204",
            description = "Last-Event-ID is the stream's last event (done): there is nothing more, ever",
            content = @Content)
    @ApiResponse(responseCode = "400", description = "bad-request: Last-Event-ID is not an offset")
    @ApiResponse(responseCode = "404", description = "not-found: no such question, or not yours")
    @ApiResponse(responseCode = "503", description = "busy: too many streams open on this server")
    @GetMapping(path = "/questions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the question id (lower case)", schema = @Schema(format = "uuid")) @PathVariable
                    String id,
            @Parameter(
                            description = "the id of the last event received; the stream resumes after it",
                            schema = @Schema(type = "integer", minimum = "0"))
                    @RequestHeader(name = LAST_EVENT_ID, required = false)
                    String lastEventId) {
        Long after = validOffset(lastEventId);
        CurrentUser user = CurrentUser.of(jwt);
        QuestionResource question = owned(user, id);
        QuestionStreams.Ticket ticket = streams.reserve();
        try {
            return streams.stream(ticket, user, question, after);
        } finally {
            ticket.release();
        }
    }

    @Operation(
            summary = "Cancel one of your questions",
            description = "Stops a question that is not final: the model call is abandoned, the reservation "
                    + "released, the status becomes cancelled. Cancelling again while it stops is harmless.")
    @ApiResponse(responseCode = "202", description = "cancelling; poll the Location or follow its events")
    @ApiResponse(responseCode = "404", description = "not-found: no such question, or not yours")
    @ApiResponse(responseCode = "409", description = "already-final: the question is final already")
    @ApiResponse(responseCode = "503", description = "unavailable: Temporal could not be reached")
    @PostMapping(path = "/questions/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<QuestionResource> cancel(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the question id (lower case)", schema = @Schema(format = "uuid")) @PathVariable
                    String id) {
        CurrentUser user = CurrentUser.of(jwt);
        QuestionResource resource = service.cancel(user, owned(user, id));
        return ResponseEntity.accepted().location(location(resource)).body(resource);
    }

    @Operation(
            summary = "Ask a question and wait for the answer, or follow it as it is written",
            description = "Waits up to the sync timeout; answers 202 with Location when the answer takes longer. "
                    + "With Accept: text/event-stream, answers 200 with the question's Server-Sent Events instead: "
                    + "question (offset 0), step, delta, retry (drop the deltas so far), done (the final "
                    + "question); each event's id is its offset; resume on GET /questions/{id}/events with "
                    + "Last-Event-ID. A streamed question over the user's limit streams to done with status "
                    + "rejected.")
    @ApiResponse(
            responseCode = "200",
            description = "answered (JSON), or the question's events (text/event-stream)",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = QuestionResource.class)),
                @Content(
                        mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                        schema = @Schema(type = "object", description = "an event: id, event, data (JSON)"))
            })
    @ApiResponse(responseCode = "404", description = "not-found: conversation_id is not one of yours")
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
            // a question its owner cancelled while this request waited is final, as its owner wanted
            case COMPLETED, CANCELLED -> ResponseEntity.ok(resource);
            case REJECTED -> throw rejected(resource, outcome.retryAfterSeconds());
            case FAILED -> throw failed(resource);
            case QUEUED, RUNNING ->
                ResponseEntity.accepted().location(location(resource)).body(resource);
        };
    }

    @Operation(summary = "Submit a question without waiting", description = "Poll the Location for the answer.")
    @ApiResponse(responseCode = "202", description = "accepted (usually queued)")
    @ApiResponse(responseCode = "404", description = "not-found: conversation_id is not one of yours")
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
        return owned(CurrentUser.of(jwt), id);
    }

    /** The user's question; someone else's is indistinguishable from a missing one: no existence leak. */
    private QuestionResource owned(CurrentUser user, String id) {
        if (!QUESTION_ID.matcher(id).matches()) {
            throw ApiException.notFound();
        }
        return service.find(user, id).orElseThrow(ApiException::notFound);
    }

    private static Long validOffset(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            long offset = Long.parseLong(lastEventId.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as a negative number
        }
        throw ApiException.badRequest("Last-Event-ID must be the id of an event of this stream (a whole number)");
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
        int pageSize = Paging.limit(limit, properties);
        HistoryCursor after = Paging.cursor(cursor);
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
        String conversationId = body.conversationId();
        if (conversationId != null && !QUESTION_ID.matcher(conversationId).matches()) {
            // no conversation has such an id, so it is not one of the user's
            throw ApiException.notFound();
        }
        floodGuard.admit(user.id(), request.getRemoteAddr());
        String questionId = UUID.randomUUID().toString();
        AskRequest askRequest = new AskRequest(
                questionId,
                user.id(),
                question,
                RequestIds.of(request),
                request.getRequestURI(),
                clock.millis(),
                skipsCache(request),
                // a new conversation takes a new id of its own
                conversationId == null ? UUID.randomUUID().toString() : conversationId);
        return new Submission(user, key, askRequest, conversationId == null);
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
