package io.askflow.gateway.apikeys;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The answer of {@code POST /api-keys}: the only time the key itself is shown. */
public record CreatedApiKey(
        @Schema(format = "uuid") String id,
        String name,

        @Schema(description = "the key: send it as Authorization: Bearer <key>; shown only this once")
        String key,

        String hint,
        Instant createdAt) {}
