package io.askflow.gateway.apikeys;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API key as listed: never the key itself.
 *
 * @param hint the key's first characters, to tell keys apart
 * @param lastUsedAt when it last authenticated a request (kept to the minute); null when never used
 */
public record ApiKeyView(
        @Schema(format = "uuid") String id,
        String name,
        String hint,
        Instant createdAt,

        @Schema(description = "kept to the minute; null when never used") @Nullable
        Instant lastUsedAt) {}
