package io.askflow.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Nullable numeric columns read the same way on SQLite and PostgreSQL. */
public final class Columns {

    private Columns() {}

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
