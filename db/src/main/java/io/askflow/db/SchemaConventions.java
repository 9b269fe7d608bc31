package io.askflow.db;

import java.lang.reflect.Type;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * How values cross the database edge, in one place for every table: an enum is stored as its lower-case
 * name (the same word the HTTP API shows: {@code completed}, {@code retrying}), and an {@link Instant} as
 * epoch milliseconds in a BIGINT, which SQLite and PostgreSQL compare and index alike.
 */
public final class SchemaConventions implements JdbiPlugin {

    @Override
    public void customizeJdbi(Jdbi jdbi) {
        jdbi.registerArgument(new Arguments());
        jdbi.registerColumnMapper(new Columns());
    }

    private static final class Arguments implements ArgumentFactory {

        @Override
        public Optional<Argument> build(Type type, Object value, ConfigRegistry config) {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (raw.isEnum() || value instanceof Enum<?>) {
                String name = value == null ? null : ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
                return Optional.of((position, statement, context) -> {
                    if (name == null) {
                        statement.setNull(position, Types.VARCHAR);
                    } else {
                        statement.setString(position, name);
                    }
                });
            }
            if (Instant.class.equals(raw)) {
                Long millis = value == null ? null : ((Instant) value).toEpochMilli();
                return Optional.of((position, statement, context) -> {
                    if (millis == null) {
                        statement.setNull(position, Types.BIGINT);
                    } else {
                        statement.setLong(position, millis);
                    }
                });
            }
            return Optional.empty();
        }
    }

    private static final class Columns implements ColumnMapperFactory {

        @Override
        public Optional<ColumnMapper<?>> build(Type type, ConfigRegistry config) {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (raw.isEnum()) {
                return Optional.of(enumMapper(raw));
            }
            if (Instant.class.equals(raw)) {
                return Optional.of((rs, column, context) -> {
                    long millis = rs.getLong(column);
                    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
                });
            }
            return Optional.empty();
        }

        private static ColumnMapper<?> enumMapper(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            return (rs, column, context) -> {
                String value = rs.getString(column);
                if (value == null) {
                    return null;
                }
                for (Object constant : constants) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                        return constant;
                    }
                }
                throw new IllegalStateException("no " + type.getSimpleName() + " named '" + value + "'");
            };
        }
    }
}
