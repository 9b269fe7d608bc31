package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.web.ApiException;
import java.util.List;
import java.util.function.Function;

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

    /**
     * One page of rows fetched with a limit one higher than the page size: the extra row, when there, only
     * says that another page follows.
     *
     * @param rows the page's rows
     * @param nextCursor the cursor of the next page, or null on the last
     */
    record Slice<T>(List<T> rows, String nextCursor) {}

    /** Cuts {@code rows} (fetched with {@code limit + 1}) to a page; {@code position} is where a row sits. */
    static <T> Slice<T> slice(List<T> rows, int limit, Function<T, HistoryCursor> position) {
        if (rows.size() <= limit) {
            return new Slice<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Slice<>(page, position.apply(page.get(limit - 1)).encode());
    }

    /** The position after which the page starts, or null for the first page; 400 for a made-up cursor. */
    static HistoryCursor cursor(String cursor) {
        return cursor == null
                ? null
                : HistoryCursor.decode(cursor).orElseThrow(() -> ApiException.badRequest("cursor is not valid"));
    }
}
