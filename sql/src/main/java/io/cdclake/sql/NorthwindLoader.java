package io.cdclake.sql;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Creates the source database of the pipeline on any PostgreSQL 10 or newer: schema {@code datalake} with the
 * Northwind tables and generated rows (or the user's own scripts), the outbox {@code cdc_events} with its
 * triggers, filled for the existing orders, and the publication {@code cdc_publication}. Everything after
 * creating the database runs in one transaction; on failure a database this loader created is dropped again,
 * so the server is left as it was.
 */
public final class NorthwindLoader {

    public static final String SCHEMA = "datalake";
    public static final String PUBLICATION = "cdc_publication";
    public static final String OUTBOX_TABLE = "cdc_events";
    public static final int MINIMUM_SERVER_VERSION = 10;

    private final Builder settings;

    private NorthwindLoader(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LoadResult load() throws LoadException {
        long t0 = System.nanoTime();
        Builder s = settings;
        boolean created = createDatabaseIfAbsent();
        try (Connection c = connect(s.database)) {
            c.setAutoCommit(false);
            try {
                Map<String, Long> counts = fill(c);
                c.commit();
                long events = counts.getOrDefault(OUTBOX_TABLE, 0L);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                s.progress.accept(String.format("loaded %s: %d events in %s in %.1f s",
                        s.database, events, OUTBOX_TABLE, elapsed.toMillis() / 1000.0));
                return new LoadResult(s.database, created, counts, events, elapsed);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException | LoadException e) {
            if (created) {
                dropDatabase();
            }
            if (e instanceof LoadException le) {
                throw le;
            }
            throw new LoadException(describe(e), e);
        }
    }

    private Map<String, Long> fill(Connection c) throws SQLException, LoadException {
        Builder s = settings;
        try (Statement st = c.createStatement()) {
            if (schemaExists(c)) {
                if (!s.replace) {
                    throw new LoadException("schema " + SCHEMA + " already exists in database " + s.database
                            + "; pass --replace to drop and load it again, or choose another database with -d");
                }
                s.progress.accept("replacing schema " + SCHEMA);
                st.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
                st.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            }
            st.execute("CREATE SCHEMA " + SCHEMA);
            st.execute("SET LOCAL search_path = " + SCHEMA);
            if (s.scriptsDir != null) {
                runScripts(st);
            } else {
                st.execute(resource("schema.sql"));
                copyData(c);
            }
            s.progress.accept("creating the outbox " + OUTBOX_TABLE + ", its triggers and " + PUBLICATION);
            st.execute(resource("outbox.sql"));
            try (ResultSet rs = st.executeQuery("SELECT fill_cdc_events()")) {
                rs.next();
                s.progress.accept("filled " + OUTBOX_TABLE + " with " + rs.getLong(1) + " events");
            }
            st.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + SCHEMA + "." + OUTBOX_TABLE);
            st.execute("ALTER DATABASE \"" + s.database.replace("\"", "\"\"") + "\" SET search_path = " + SCHEMA + ", public");
            return counts(st);
        }
    }

    private void copyData(Connection c) throws SQLException {
        Builder s = settings;
        NorthwindData data = NorthwindGenerator.generate(s.scale);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (Table table : data.tables()) {
            List<List<Object>> rows = table.name().equals("orders") || table.name().equals("order_details")
                    ? table.rows().stream().filter(r -> !r.get(0).equals(ScenarioSql.INSERTED_ORDER)).toList()
                    : table.rows();
            try {
                copy.copyIn("COPY " + table.name() + " (" + String.join(", ", table.columns())
                        + ") FROM STDIN WITH (FORMAT csv)", new StringReader(csv(rows)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            s.progress.accept(String.format("%-21s %,9d rows", table.name(), rows.size()));
        }
    }

    private void runScripts(Statement st) throws SQLException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(settings.scriptsDir)) {
            scripts = files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading --scripts " + settings.scriptsDir, e);
        }
        for (Path script : scripts) {
            settings.progress.accept("running " + script.getFileName());
            try {
                st.execute(Files.readString(script, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + script, e);
            }
        }
    }

    private static Map<String, Long> counts(Statement st) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + SCHEMA
                + "' ORDER BY tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".\"" + table + "\"")) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + SCHEMA + "'")) {
            return rs.next();
        }
    }

    private boolean createDatabaseIfAbsent() throws LoadException {
        Builder s = settings;
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            int version = c.getMetaData().getDatabaseMajorVersion();
            if (version < MINIMUM_SERVER_VERSION) {
                throw new LoadException("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " at "
                        + s.host + ":" + s.port + " is too old: logical decoding with pgoutput needs "
                        + MINIMUM_SERVER_VERSION + " or newer");
            }
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + s.database.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return false;
                }
            }
            s.progress.accept("creating database " + s.database);
            st.execute("CREATE DATABASE \"" + s.database.replace("\"", "\"\"") + "\"");
            return true;
        } catch (SQLException e) {
            throw new LoadException(describe(e), e);
        }
    }

    private void dropDatabase() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + settings.database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            settings.progress.accept("could not drop the database created for this load: " + describe(e));
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", settings.user);
        if (settings.password != null) {
            p.setProperty("password", settings.password);
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "cdclake load-db");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + settings.host + ":" + settings.port + "/" + database, p);
    }

    /** One line for people: what failed and what to check. Never contains the password. */
    private String describe(Exception e) {
        Builder s = settings;
        String where = s.host + ":" + s.port;
        if (e instanceof PSQLException pe && pe.getSQLState() != null) {
            String state = pe.getSQLState();
            if (PSQLState.CONNECTION_UNABLE_TO_CONNECT.getState().equals(state)
                    || state.startsWith("08")) {
                return "cannot connect to PostgreSQL at " + where + " (" + rootMessage(e)
                        + "); check -h and -p and that the server accepts TCP connections";
            }
            if ("28P01".equals(state) || "28000".equals(state)) {
                return "authentication failed for user '" + s.user + "' at " + where
                        + "; check -u and the password (prompt, PGPASSWORD or --password-file)";
            }
            if ("42501".equals(state)) {
                return "user '" + s.user + "' lacks a privilege at " + where + ": " + rootMessage(e);
            }
        }
        return "loading " + s.database + " at " + where + " failed: " + rootMessage(e);
    }

    private String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName()).strip();
        message = message.lines().findFirst().orElse(message);
        return settings.password == null || settings.password.isEmpty()
                ? message : message.replace(settings.password, "******");
    }

    private static String resource(String name) {
        try (InputStream in = NorthwindLoader.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csv(List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 64);
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object v = row.get(i);
                if (v instanceof String str) {
                    out.append('"').append(str.replace("\"", "\"\"")).append('"');
                } else if (v instanceof LocalDate || v instanceof Number) {
                    out.append(v);
                } else if (v != null) {
                    throw new IllegalArgumentException("unsupported value " + v.getClass());
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Where and what to load. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 5432;
        private String database;
        private String user;
        private String password;
        private int scale = 1;
        private Path scriptsDir;
        private boolean replace;
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password; null or empty for trust or peer authentication. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Scale factor of the generated data: 1 is Northwind's size. */
        public Builder scale(int scale) {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be 1 or more, was " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** Run the *.sql files of this directory (in name order) instead of loading generated data. */
        public Builder scriptsDir(Path scriptsDir) {
            if (scriptsDir != null && !Files.isDirectory(scriptsDir)) {
                throw new IllegalArgumentException("scripts directory " + scriptsDir + " does not exist");
            }
            this.scriptsDir = scriptsDir;
            return this;
        }

        /** Drop and load again when schema datalake exists (refused otherwise). */
        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        /** Receives one line per step (tables and row counts, elapsed time). */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public NorthwindLoader build() {
            Objects.requireNonNull(database, "database is required");
            Objects.requireNonNull(user, "user is required");
            if (!database.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
                throw new IllegalArgumentException("database name '" + database
                        + "' is not a plain identifier (letters, digits, _ and -, at most 63)");
            }
            return new NorthwindLoader(copy());
        }

        /** The loader keeps its own copy, so changing this builder later does not change it. */
        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.database = database;
            b.user = user;
            b.password = password;
            b.scale = scale;
            b.scriptsDir = scriptsDir;
            b.replace = replace;
            b.progress = progress;
            return b;
        }
    }
}
