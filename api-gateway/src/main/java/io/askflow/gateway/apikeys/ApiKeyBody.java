package io.askflow.gateway.apikeys;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api-keys}.
 *
 * @param name what the key is for, so its owner can tell keys apart: 1 to 100 characters, no control characters
 */
public record ApiKeyBody(
        @Schema(minLength = 1, maxLength = ApiKeyBody.NAME_MAX_LENGTH, pattern = ApiKeyBody.NAME_PATTERN)
        String name) {

    static final int NAME_MAX_LENGTH = 100;
    static final String NAME_PATTERN = "^[^\\x00-\\x1f\\x7f]*[^\\x00-\\x20\\x7f][^\\x00-\\x1f\\x7f]*$";
}
