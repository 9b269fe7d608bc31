package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.web.ApiException;

/** The {@code limit} and {@code cursor} query parameters of the paged lists, checked the same way everywhere. */
final class Paging {

    private Paging() {}

    /** The page size asked for, or the default; 400 outside 1 to the configured maximum. */
    static int limit(String limit, GatewayProperties properties) {
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

    /** The position after which the page starts, or null for the first page; 400 for a made-up cursor. */
    static HistoryCursor cursor(String cursor) {
        return cursor == null
                ? null
                : HistoryCursor.decode(cursor).orElseThrow(() -> ApiException.badRequest("cursor is not valid"));
    }
}
