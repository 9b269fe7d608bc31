import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies AskFlow's migrations to one database and exits: the pipeline's migration step, run before the
 * new gateways and workers start (scripts/migrate.sh here, the image's `migrations` target in a cluster).
 * The applications apply the same migrations at start-up too (spring.flyway), which then finds nothing to do.
 *
 * <p>Reads DATABASE_URL (the JDBC URL the applications use, credentials as URL parameters or in
 * DATABASE_USER / DATABASE_PASSWORD) and ASKFLOW_MIGRATIONS (a Flyway location holding {@code migration/}, the
 * migrations of every database, and {@code vendor/sqlite/} and {@code vendor/postgresql/}, each database's own;
 * e.g. filesystem:/opt/askflow/migrations), the same layout the applications read from their classpath.
 */
final class Migrate {

    private Migrate() {}

    public static void main(String[] args) {
        String url = required("DATABASE_URL");
        String base = required("ASKFLOW_MIGRATIONS");
        String vendor = url.startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql";
        MigrateResult result = Flyway.configure()
                .dataSource(url, System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD"))
                .locations(base + "/migration", base + "/vendor/" + vendor)
                // a misnamed file fails the step instead of being skipped without a word
                .validateMigrationNaming(true)
                .load()
                .migrate();
        System.out.printf(
                "migrations: %d applied, schema now at version %s%n",
                result.migrationsExecuted, result.targetSchemaVersion == null ? "(unchanged)" : result.targetSchemaVersion);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("migrations: " + name + " is not set");
            System.exit(2);
        }
        return value;
    }
}
