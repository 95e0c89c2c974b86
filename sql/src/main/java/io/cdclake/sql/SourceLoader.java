package io.cdclake.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes a pipeline's source database on any PostgreSQL 10 or newer, from the pipeline's {@code source.init}:
 * the user's SQL scripts, run verbatim in list order ({@code COPY ... FROM stdin} with its data included, as
 * pg_dump writes it), or the built-in Northwind generator (schema {@code datalake}, the Northwind tables with
 * generated rows, the outbox {@code cdc_events} with its triggers, and the database's {@code search_path}). Then
 * the publication, for every captured table, unless it exists already or the pipeline creates its own.
 *
 * <p>Everything after creating the database runs in one transaction ({@code CREATE DATABASE} cannot run inside
 * one); when the load fails, the transaction is rolled back and a database this loader created is dropped
 * again, so the server is left as it was. Failures are {@link LoadException}s with a one-line message that
 * never contains the password.
 *
 * <pre>{@code
 * LoadResult result = SourceLoader.builder()
 *         .host("localhost").port(5432).database("devdb").user("master").password(secret)
 *         .scripts(List.of(Path.of("sql/01_schema.sql"), Path.of("sql/02_data.sql")))
 *         .tables(List.of("shop.customers", "shop.orders")).publication("shop_publication", true)
 *         .progress(step -> System.out.println(step))
 *         .build()
 *         .load();
 * }</pre>
 */
public final class SourceLoader {

    /** The schema the Northwind generator creates. */
    public static final String NORTHWIND_SCHEMA = "datalake";
    /** The Northwind generator's outbox, the table the article's pipeline captures. */
    public static final String NORTHWIND_OUTBOX = NORTHWIND_SCHEMA + ".cdc_events";
    /** pgoutput and publications arrived in PostgreSQL 10. */
    public static final int MINIMUM_SERVER_VERSION = 10;
    public static final int DEFAULT_PORT = 5432;

    /** The tables the Northwind outbox reads. */
    static final List<String> NORTHWIND_TABLES = List.of("categories", "customers", "employee_territories",
            "employees", "order_details", "orders", "products", "region", "shippers", "suppliers", "territories");

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;
    final List<Path> scripts;
    final Integer northwindScale;
    final List<String> roles;
    final List<String> tables;
    final String publication;
    final boolean createPublication;
    final boolean replace;
    final Consumer<LoadProgress> progress;

    private SourceLoader(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.scripts = List.copyOf(b.scripts);
        this.northwindScale = b.northwindScale;
        this.roles = List.copyOf(b.roles);
        this.tables = List.copyOf(b.tables);
        this.publication = b.publication;
        this.createPublication = b.createPublication;
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
        private List<Path> scripts = List.of();
        private Integer northwindScale;
        private List<String> roles = List.of();
        private List<String> tables = List.of();
        private String publication;
        private boolean createPublication = true;
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

        /** The SQL scripts to run, in this order. Exactly one of scripts and {@link #northwind(int)}. */
        public Builder scripts(List<Path> scripts) {
            this.scripts = List.copyOf(scripts);
            return this;
        }

        /** The built-in Northwind generator at this scale factor (1: Northwind's size). */
        public Builder northwind(int scale) {
            this.northwindScale = scale;
            return this;
        }

        /** Roles the scripts refer to, created (NOLOGIN) where missing. */
        public Builder roles(List<String> roles) {
            this.roles = List.copyOf(roles);
            return this;
        }

        /** The captured tables, schema-qualified: the load checks they exist, and publishes them. Required. */
        public Builder tables(List<String> tables) {
            this.tables = List.copyOf(tables);
            return this;
        }

        /**
         * The publication Debezium reads. Required.
         *
         * @param create whether the loader creates it for the captured tables when the init has not
         */
        public Builder publication(String name, boolean create) {
            this.publication = name;
            this.createPublication = create;
            return this;
        }

        /** Drop what an earlier load made (its schemas, tables and publication) and load again; refused otherwise. */
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
        public SourceLoader build() {
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
            if (scripts.isEmpty() == (northwindScale == null)) {
                throw new IllegalArgumentException("give exactly one of scripts and the Northwind generator"
                        + " (source.init.scripts or source.init.northwind)");
            }
            if (northwindScale != null && northwindScale < 1) {
                throw new IllegalArgumentException("scale must be 1 or more, was " + northwindScale
                        + "; 1 is Northwind's size, N multiplies customers, orders and order details");
            }
            for (Path script : scripts) {
                if (!Files.isRegularFile(script)) {
                    throw new IllegalArgumentException("script " + script + " is not a file; give the path of a SQL"
                            + " file (source.init.scripts are relative to the pipeline file)");
                }
            }
            if (tables.isEmpty() || tables.stream().anyMatch(t -> !t.matches("[a-z_][a-z0-9_$]*\\.[a-z_][a-z0-9_$]*"))) {
                throw new IllegalArgumentException("tables " + tables + " must be schema-qualified names, e.g."
                        + " datalake.cdc_events");
            }
            if (publication == null || !publication.matches("[a-z_][a-z0-9_$]{0,62}")) {
                throw new IllegalArgumentException("publication name '" + publication + "' is not a plain identifier;"
                        + " e.g. cdc_publication");
            }
            return new SourceLoader(this);
        }
    }
}
