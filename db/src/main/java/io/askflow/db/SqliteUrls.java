package io.askflow.db;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the file behind a {@code jdbc:sqlite:} URL. */
public final class SqliteUrls {

    private static final String PREFIX = "jdbc:sqlite:";

    private SqliteUrls() {}

    public static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith(PREFIX);
    }

    /** The database file, or empty for in-memory databases. */
    public static Optional<Path> databaseFile(String jdbcUrl) {
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String file = query >= 0 ? rest.substring(0, query) : rest;
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file));
    }
}
