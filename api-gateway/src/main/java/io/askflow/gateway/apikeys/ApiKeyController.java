package io.askflow.gateway.apikeys;

import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Personal API keys. Only a session or a token may manage them, never a key (SecurityConfig answers 403): a
 * leaked key must not be able to mint more keys that outlive its revocation, or revoke its owner's other keys.
 */
@RestController
class ApiKeyController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);
    private static final Pattern NAME = Pattern.compile(ApiKeyBody.NAME_PATTERN);
    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Enough for any program a person runs; a bound on what one account can add to the table. */
    static final int MAX_ACTIVE_KEYS = 25;

    private final ApiKeyRepository keys;
    private final Clock clock;

    ApiKeyController(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Operation(
            summary = "Create an API key (with a session or token, not with a key)",
            description = "The key is in this answer only; it is stored as a hash and cannot be shown again.")
    @ApiResponse(responseCode = "201", description = "the new key (Cache-Control: no-store)")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: missing or too long name, or one of only white space and control characters; "
                    + "malformed-body: not JSON, or JSON of the wrong shape or types")
    @ApiResponse(responseCode = "403", description = "forbidden: authenticated with an API key, or no CSRF token")
    @ApiResponse(responseCode = "409", description = "too-many-keys: " + MAX_ACTIVE_KEYS + " active keys already")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @PostMapping(
            path = "/api-keys",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedApiKey> create(@AuthenticationPrincipal Jwt jwt, @RequestBody ApiKeyBody body) {
        CurrentUser user = CurrentUser.of(jwt);
        String name = validName(body);
        if (keys.countActive(user.id()) >= MAX_ACTIVE_KEYS) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "too-many-keys",
                    "Too many API keys",
                    "You have " + MAX_ACTIVE_KEYS + " active API keys; revoke one first.");
        }
        String id = UUID.randomUUID().toString();
        String key = ApiKeySecrets.generate();
        long now = clock.millis();
        keys.create(id, user.id(), name, ApiKeySecrets.hash(key), ApiKeySecrets.hint(key), now);
        log.info("API key {} created for user {}", id, user.id());
        return ResponseEntity.created(URI.create("/api-keys/" + id))
                .header("Cache-Control", "no-store")
                .body(new CreatedApiKey(id, name, key, ApiKeySecrets.hint(key), Instant.ofEpochMilli(now)));
    }

    @Operation(summary = "Your active API keys, newest first (never the keys themselves)")
    @ApiResponse(responseCode = "200", description = "the keys")
    @ApiResponse(responseCode = "403", description = "forbidden: authenticated with an API key")
    @GetMapping(path = "/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ApiKeyView> list(@AuthenticationPrincipal Jwt jwt) {
        return keys.list(CurrentUser.of(jwt).id()).stream()
                .map(row -> new ApiKeyView(
                        row.id(),
                        row.name(),
                        row.keyHint(),
                        Instant.ofEpochMilli(row.createdAt()),
                        row.lastUsedAt() == null ? null : Instant.ofEpochMilli(row.lastUsedAt())))
                .toList();
    }

    @Operation(summary = "Revoke one of your API keys", description = "Effective at once, on every gateway.")
    @ApiResponse(responseCode = "204", description = "revoked")
    @ApiResponse(responseCode = "403", description = "forbidden: authenticated with an API key, or no CSRF token")
    @ApiResponse(responseCode = "404", description = "not-found: no such active key, or not yours")
    @DeleteMapping(path = "/api-keys/{id}")
    ResponseEntity<Void> revoke(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the key's id", schema = @Schema(format = "uuid")) @PathVariable String id) {
        CurrentUser user = CurrentUser.of(jwt);
        // Someone else's key is indistinguishable from a missing one.
        if (!KEY_ID.matcher(id).matches() || !keys.revoke(user.id(), id, clock.millis())) {
            throw ApiException.notFound();
        }
        log.info("API key {} revoked by user {}", id, user.id());
        return ResponseEntity.noContent().build();
    }

    private static String validName(ApiKeyBody body) {
        String name = body == null ? null : body.name();
        if (name == null
                || name.isEmpty()
                || name.codePointCount(0, name.length()) > ApiKeyBody.NAME_MAX_LENGTH
                || !NAME.matcher(name).find()) {
            throw ApiException.badRequest("name must be 1 to " + ApiKeyBody.NAME_MAX_LENGTH
                    + " characters, not all white space or control characters");
        }
        return name;
    }
}
