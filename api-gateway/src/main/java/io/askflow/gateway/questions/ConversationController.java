package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConversationController {

    private static final Pattern CONVERSATION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ConversationRepository conversations;
    private final GatewayProperties properties;
    private final WorkflowLinks links;

    ConversationController(ConversationRepository conversations, GatewayProperties properties, WorkflowLinks links) {
        this.conversations = conversations;
        this.properties = properties;
        this.links = links;
    }

    @Operation(
            summary = "Your conversations, most recently active first",
            description = "Cursor-paginated: pass next_cursor as cursor.")
    @ApiResponse(responseCode = "200", description = "a page of conversations")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: bad limit or cursor (only a next_cursor of an earlier page is valid)")
    @GetMapping(path = "/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    ConversationView.Page list(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "page size", schema = @Schema(type = "integer", minimum = "1"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "next_cursor of the previous page; omit for the first page")
                    @RequestParam(required = false)
                    String cursor) {
        int size = Paging.limit(limit, properties);
        Paging.Slice<ConversationRepository.ConversationRow> page = Paging.slice(
                conversations.recent(CurrentUser.of(jwt).id(), Paging.cursor(cursor), size + 1),
                size,
                row -> new HistoryCursor(row.updatedAt().toEpochMilli(), row.id()));
        return new ConversationView.Page(
                page.rows().stream().map(ConversationView::of).toList(), page.nextCursor());
    }

    @Operation(
            summary = "One of your conversations, with its questions oldest first",
            description = "The questions are cursor-paginated: pass next_cursor as cursor.")
    @ApiResponse(responseCode = "200", description = "the conversation and a page of its questions")
    @ApiResponse(responseCode = "400", description = "bad-request: bad limit or cursor")
    @ApiResponse(responseCode = "404", description = "not-found: no such conversation, or not yours")
    @GetMapping(path = "/conversations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ConversationView.Detail conversation(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the conversation id (lower case)", schema = @Schema(format = "uuid"))
                    @PathVariable
                    String id,
            @Parameter(description = "page size", schema = @Schema(type = "integer", minimum = "1"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "next_cursor of the previous page; omit for the first page")
                    @RequestParam(required = false)
                    String cursor) {
        int size = Paging.limit(limit, properties);
        HistoryCursor after = Paging.cursor(cursor);
        long userId = CurrentUser.of(jwt).id();
        if (!CONVERSATION_ID.matcher(id).matches()) {
            throw ApiException.notFound();
        }
        // someone else's conversation is indistinguishable from a missing one
        var conversation = conversations.findOwned(id, userId).orElseThrow(ApiException::notFound);
        Paging.Slice<QuestionRow> page =
                Paging.slice(conversations.questions(id, userId, after, size + 1), size, QuestionRow::position);
        return new ConversationView.Detail(
                conversation.id(),
                conversation.title(),
                conversation.createdAt(),
                conversation.updatedAt(),
                page.rows().stream()
                        .map(row -> QuestionResource.of(row, null, links))
                        .toList(),
                page.nextCursor());
    }
}
