package io.askflow.gateway.apikeys;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /api-keys}.
 *
 * @param name what the key is for, so its owner can tell keys apart: 1 to 100 characters (code points), at least
 *     one of them neither white space nor a control character
 */
public record ApiKeyBody(
        @Schema(minLength = 1, maxLength = ApiKeyBody.NAME_MAX_LENGTH, pattern = ApiKeyBody.NAME_PATTERN)
        String name) {

    static final int NAME_MAX_LENGTH = 100;
    /**
     * Matches a name with one character that is neither an ASCII space nor a control character: unanchored, and
     * nothing but ASCII ranges, so Java, JSON Schema (ECMA-262) and Python regular expressions agree on it.
     */
    static final String NAME_PATTERN = "[^\\x00-\\x20\\x7f]";
}
