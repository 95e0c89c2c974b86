package io.cdclake.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Creates the pipeline's source database on any PostgreSQL 10 or newer: schema {@code datalake} with the
 * Northwind tables and generated rows (or the user's own scripts), the outbox {@code cdc_events} with its
 * triggers, filled for the existing orders, the publication {@code cdc_publication}, and the database's
 * {@code search_path}.
 *
 * <p>Everything after creating the database runs in one transaction ({@code CREATE DATABASE} cannot run inside
 * one); when the load fails, the transaction is rolled back and a database this loader created is dropped
 * again, so the server is left as it was. Failures are {@link LoadException}s with a one-line message that
 * never contains the password.
 *
 * <pre>{@code
 * LoadResult result = NorthwindLoader.builder()
 *         .host("localhost").port(5432).database("devdb").user("master").password(secret)
 *         .scale(1).progress(step -> System.out.println(step))
 *         .build()
 *         .load();
 * }</pre>
 */
public final class NorthwindLoader {

    public static final String SCHEMA = "datalake";
    public static final String PUBLICATION = "cdc_publication";
    public static final String OUTBOX_TABLE = "cdc_events";
    /** pgoutput and publications arrived in PostgreSQL 10. */
    public static final int MINIMUM_SERVER_VERSION = 10;
    public static final int DEFAULT_PORT = 5432;
    public static final int DEFAULT_SCALE = 1;

    /** The tables the outbox reads; a scripts directory must create them all in schema datalake. */
    static final List<String> SOURCE_TABLES = List.of("categories", "customers", "employee_territories",
            "employees", "order_details", "orders", "products", "region", "shippers", "suppliers", "territories");

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;
    final int scale;
    final Path scriptsDir;
    final boolean replace;
    final Consumer<LoadProgress> progress;

    private NorthwindLoader(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.scale = b.scale;
        this.scriptsDir = b.scriptsDir;
        this.replace = b.replace;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Loads the database; on failure it throws, and the server is left as it was. */
    public LoadResult load() throws LoadException {
        return new LoadRun(this).execute();
    }

    /** Where and what to load; {@link #build()} checks the settings and gives an immutable loader. */
    public static final class Builder {
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private String database;
        private String user;
        private String password;
        private int scale = DEFAULT_SCALE;
        private Path scriptsDir;
        private boolean replace;
        private Consumer<LoadProgress> progress = step -> { };

        private Builder() {
        }

        /** Server host name or address (default localhost). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Server port (default 5432). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The database to create or fill, e.g. devdb. Required. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** The user to connect as; it needs CREATEDB to create the database. Required. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password; null or empty for trust or peer authentication. Never shown in any message. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Scale factor of the generated data: 1 (the default) is Northwind's size. */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        /** Run the *.sql files of this directory (in name order) instead of loading generated data. */
        public Builder scriptsDir(Path scriptsDir) {
            this.scriptsDir = scriptsDir;
            return this;
        }

        /** Drop and load again when schema datalake or the publication exists (refused otherwise). */
        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        /** Receives each step of the load as it happens (phase, counts, elapsed time). */
        public Builder progress(Consumer<LoadProgress> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** @throws IllegalArgumentException naming the setting, its value and the fix */
        public NorthwindLoader build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is required: give the server's host name, e.g. -h localhost");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port + "; e.g. -p 5432");
            }
            if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
                throw new IllegalArgumentException("database name '" + database + "' is not a plain identifier;"
                        + " use letters, digits, _ and - (at most 63, not starting with a digit), e.g. -d devdb");
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("user is required: give the user to connect as, e.g. -u postgres");
            }
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be 1 or more, was " + scale
                        + "; 1 is Northwind's size, N multiplies customers, orders and order details");
            }
            if (scriptsDir != null && !Files.isDirectory(scriptsDir)) {
                throw new IllegalArgumentException("scripts directory " + scriptsDir
                        + " is not a directory; give the directory holding the *.sql files to run");
            }
            return new NorthwindLoader(this);
        }
    }
}
