package io.cdclake.sql;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.UnknownHostException;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.cdclake.sql.NorthwindLoader.MINIMUM_SERVER_VERSION;
import static io.cdclake.sql.NorthwindLoader.OUTBOX_TABLE;
import static io.cdclake.sql.NorthwindLoader.PUBLICATION;
import static io.cdclake.sql.NorthwindLoader.SCHEMA;
import static io.cdclake.sql.NorthwindLoader.SOURCE_TABLES;

/** One run of a {@link NorthwindLoader}: the steps of a load, timed from the run's start for its progress. */
final class LoadRun {

    /** Where the loader connects to create a database that does not exist yet, in order of preference. */
    private static final List<String> MAINTENANCE_DATABASES = List.of("postgres", "template1");
    private static final String UNDEFINED_DATABASE = "3D000";
    /** A running pipeline or a psql session must not make the load wait forever for a lock. */
    private static final String LOCK_TIMEOUT = "30s";
    private static final Pattern COPY_FROM_STDIN =
            Pattern.compile("(?im)^\\s*COPY\\s[^;]*\\sFROM\\s+stdin");
    private static final Pattern TRANSACTION_CONTROL =
            Pattern.compile("(?im)^\\s*(BEGIN|COMMIT|ROLLBACK|END|START\\s+TRANSACTION)\\s*(TRANSACTION|WORK)?\\s*;");

    private final NorthwindLoader settings;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final long startedNanos = System.nanoTime();

    LoadRun(NorthwindLoader settings) {
        this.settings = settings;
        this.host = settings.host;
        this.port = settings.port;
        this.database = settings.database;
        this.user = settings.user;
        this.password = settings.password;
    }

    LoadResult execute() throws LoadException {
        // The user's scripts are read and checked before anything on the server changes.
        Map<Path, String> scripts = settings.scriptsDir == null ? Map.of() : readScripts();
        boolean created = false;
        try {
            created = createDatabaseIfAbsent();
            try (Connection c = connect(database)) {
                return loadInOneTransaction(c, created, scripts);
            }
        } catch (LoadException | SQLException | RuntimeException e) {
            if (created) {
                dropCreatedDatabase();
            }
            throw e instanceof LoadException le ? le : new LoadException(describe(e), e);
        }
    }

    private boolean createDatabaseIfAbsent() throws SQLException, LoadException {
        try (Connection c = connect(database)) {
            requireSupportedServer(c);
            report("connect", "database " + database + " exists at " + where());
            return false;
        } catch (SQLException e) {
            if (!UNDEFINED_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
        try (Connection c = connectMaintenanceDatabase(); Statement st = c.createStatement()) {
            requireSupportedServer(c);
            report("create", "creating database " + database + " at " + where());
            st.execute("CREATE DATABASE " + quoted(database));
            return true;
        }
    }

    private Connection connectMaintenanceDatabase() throws SQLException, LoadException {
        for (String maintenance : MAINTENANCE_DATABASES) {
            try {
                return connect(maintenance);
            } catch (SQLException e) {
                if (!UNDEFINED_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        throw new LoadException("database " + database + " does not exist at " + where() + " and neither "
                + String.join(" nor ", MAINTENANCE_DATABASES) + " is there to create it from;"
                + " create it first (CREATE DATABASE " + database + ") and run again");
    }

    private void requireSupportedServer(Connection c) throws SQLException, LoadException {
        if (c.getMetaData().getDatabaseMajorVersion() < MINIMUM_SERVER_VERSION) {
            throw new LoadException("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " at " + where()
                    + " is too old: the pipeline needs publications and pgoutput, PostgreSQL "
                    + MINIMUM_SERVER_VERSION + " or newer");
        }
    }

    private LoadResult loadInOneTransaction(Connection c, boolean created, Map<Path, String> scripts)
            throws SQLException, LoadException {
        c.setAutoCommit(false);
        Map<String, Long> counts;
        try {
            counts = fill(c, scripts);
            c.commit();
        } catch (SQLException | LoadException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        noteWalLevel(c);
        long events = counts.getOrDefault(OUTBOX_TABLE, 0L);
        long rows = counts.entrySet().stream().filter(e -> !e.getKey().equals(OUTBOX_TABLE))
                .mapToLong(Map.Entry::getValue).sum();
        report("done", String.format(Locale.ROOT, "%s loaded: %,d rows in %d tables, %,d events in %s.%s",
                database, rows, counts.size() - 1, events, SCHEMA, OUTBOX_TABLE));
        return new LoadResult(database, created, counts, events, elapsed());
    }

    private Map<String, Long> fill(Connection c, Map<Path, String> scripts) throws SQLException, LoadException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            dropExistingUnlessRefused(st);
            report("schema", "creating schema " + SCHEMA);
            st.execute("CREATE SCHEMA " + SCHEMA);
            st.execute("SET LOCAL search_path = " + SCHEMA);
            if (!scripts.isEmpty()) {
                runScripts(st, scripts);
                requireSourceTables(st);
                noteInsertedOrderPresent(st);
            } else {
                st.execute(resource("schema.sql"));
                copyGeneratedData(c, st);
            }
            report("outbox", "creating " + OUTBOX_TABLE + " and its triggers on orders and order_details");
            st.execute(resource("outbox.sql"));
            try (ResultSet rs = st.executeQuery("SELECT fill_cdc_events()")) {
                rs.next();
                report("outbox", String.format(Locale.ROOT, "%,d events in %s", rs.getLong(1), OUTBOX_TABLE));
            }
            st.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + SCHEMA + "." + OUTBOX_TABLE);
            st.execute("ALTER DATABASE " + quoted(database) + " SET search_path = " + SCHEMA + ", public");
            report("publish", "publication " + PUBLICATION + " for " + SCHEMA + "." + OUTBOX_TABLE
                    + "; search_path of " + database + " is " + SCHEMA + ", public");
            return counts(st);
        }
    }

    private void dropExistingUnlessRefused(Statement st) throws SQLException, LoadException {
        List<String> existing = new ArrayList<>();
        if (exists(st, "SELECT 1 FROM pg_namespace WHERE nspname = '" + SCHEMA + "'")) {
            existing.add("schema " + SCHEMA);
        }
        if (exists(st, "SELECT 1 FROM pg_publication WHERE pubname = '" + PUBLICATION + "'")) {
            existing.add("publication " + PUBLICATION);
        }
        if (existing.isEmpty()) {
            return;
        }
        String what = String.join(" and ", existing);
        if (!settings.replace) {
            throw new LoadException(what + (existing.size() > 1 ? " already exist" : " already exists")
                    + " in database " + database + "; pass --replace to drop and load again,"
                    + " or choose another database with -d");
        }
        report("schema", "dropping the existing " + what);
        st.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
        st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    private void copyGeneratedData(Connection c, Statement st) throws SQLException {
        NorthwindData data = NorthwindGenerator.generate(settings.scale).withoutOrder(ScenarioSql.INSERTED_ORDER);
        report("generate", String.format(Locale.ROOT, "scale %d: %,d rows in %d tables (order %d held back)",
                settings.scale, data.counts().values().stream().mapToLong(Integer::longValue).sum(), data.tables().size(),
                ScenarioSql.INSERTED_ORDER));
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (Table table : data.tables()) {
            try {
                copy.copyIn("COPY " + table.name() + " (" + String.join(", ", table.columns())
                        + ") FROM STDIN WITH (FORMAT csv)", new StringReader(csv(table.rows())));
            } catch (IOException e) {
                // A StringReader does not fail; the driver wraps socket trouble in SQLException.
                throw new IllegalStateException(e);
            }
            report("copy", String.format(Locale.ROOT, "%-21s %,10d rows", table.name(), table.size()));
        }
        // Fresh statistics let the outbox fill use the order_details key instead of guessing.
        st.execute("ANALYZE");
    }

    private Map<Path, String> readScripts() throws LoadException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(settings.scriptsDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new LoadException("cannot list --scripts " + settings.scriptsDir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new LoadException("--scripts " + settings.scriptsDir + " holds no *.sql file;"
                    + " put the scripts there (they run in name order) or leave --scripts out for generated data");
        }
        Map<Path, String> scripts = new LinkedHashMap<>();
        for (Path script : files) {
            String sql;
            try {
                sql = Files.readString(script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LoadException("cannot read script " + script + " as UTF-8 text: " + e, e);
            }
            requireRunnableInOneTransaction(script, sql);
            scripts.put(script, sql);
        }
        return scripts;
    }

    private void runScripts(Statement st, Map<Path, String> scripts) throws LoadException {
        for (Map.Entry<Path, String> script : scripts.entrySet()) {
            String name = script.getKey().getFileName().toString();
            report("scripts", "running " + name);
            try {
                st.execute(script.getValue());
            } catch (SQLException e) {
                throw new LoadException("script " + name + " failed: " + rootMessage(e) + "; nothing was loaded", e);
            }
        }
    }

    private static void requireRunnableInOneTransaction(Path script, String sql) throws LoadException {
        if (COPY_FROM_STDIN.matcher(sql).find()) {
            throw new LoadException("script " + script + " uses COPY ... FROM stdin, which only psql can feed;"
                    + " dump it with pg_dump --inserts instead");
        }
        Matcher control = TRANSACTION_CONTROL.matcher(sql);
        if (control.find()) {
            throw new LoadException("script " + script + " has " + control.group(1).toUpperCase(Locale.ROOT)
                    + " on line " + (1 + sql.substring(0, control.start(1)).chars().filter(ch -> ch == '\n').count())
                    + "; load-db runs all scripts in one transaction, so remove its BEGIN/COMMIT lines");
        }
    }

    private void requireSourceTables(Statement st) throws SQLException, LoadException {
        List<String> missing = new ArrayList<>(SOURCE_TABLES);
        try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + SCHEMA + "'")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        if (!missing.isEmpty()) {
            throw new LoadException("--scripts " + settings.scriptsDir + " did not create " + SCHEMA + "."
                    + String.join(", " + SCHEMA + ".", missing) + "; the outbox needs the Northwind tables"
                    + " in schema " + SCHEMA + " (create them unqualified: scripts run with search_path = "
                    + SCHEMA + ")");
        }
    }

    /** The user's data is loaded as it is; the insert scenario needs its order to be absent. */
    private void noteInsertedOrderPresent(Statement st) throws SQLException {
        int order = ScenarioSql.INSERTED_ORDER;
        if (exists(st, "SELECT 1 FROM " + SCHEMA + ".orders WHERE order_id = " + order)) {
            report("note", "order " + order + " exists, so the order-insert scenario cannot add it; delete it and"
                    + " its order_details first to run that scenario");
        }
    }

    private void noteWalLevel(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                report("note", "wal_level is " + level + ": set wal_level = logical (rds.logical_replication = 1"
                        + " on RDS and Aurora) and restart the server before a connector can stream "
                        + PUBLICATION);
            }
        }
    }

    private static Map<String, Long> counts(Statement st) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + SCHEMA
                + "' ORDER BY tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + quoted(table))) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    private static boolean exists(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            return rs.next();
        }
    }

    private void dropCreatedDatabase() {
        try (Connection c = connectMaintenanceDatabase(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + quoted(database));
            report("create", "dropped database " + database + " again");
        } catch (SQLException | LoadException e) {
            report("note", "could not drop database " + database + ", created for this load: " + describe(e));
        }
    }

    private Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "cdclake load-db");
        String hostInUrl = host.contains(":") ? "[" + host + "]" : host;
        return DriverManager.getConnection("jdbc:postgresql://" + hostInUrl + ":" + port + "/" + db, p);
    }

    /** One line for people: what failed and what to check. Never contains the password. */
    private String describe(Exception e) {
        String state = e instanceof SQLException se && se.getSQLState() != null ? se.getSQLState() : "";
        if (state.startsWith("08") || causedBy(e, UnknownHostException.class)) {
            String reason = causedBy(e, UnknownHostException.class) ? "unknown host" : rootMessage(e);
            return "cannot connect to PostgreSQL at " + where() + " (" + reason + ");"
                    + " check -h and -p and that the server accepts TCP connections";
        }
        return switch (state) {
            case "28P01" -> "authentication failed for user '" + user + "' at " + where()
                    + "; check -u and the password (prompt, PGPASSWORD or --password-file)";
            case "28000" -> "the server at " + where() + " refused user '" + user + "': " + rootMessage(e)
                    + "; check -u and the server's pg_hba.conf";
            case "42501" -> "user '" + user + "' lacks a privilege at " + where() + ": " + rootMessage(e)
                    + "; use a user that may create databases and schemas (e.g. the server's master user)";
            default -> "loading " + database + " at " + where() + " failed: " + rootMessage(e);
        };
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, first line only, with the password masked should a server ever echo it. */
    private String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName()).strip();
        message = message.lines().findFirst().orElse(message);
        return password == null || password.isEmpty() ? message : message.replace(password, "******");
    }

    private String where() {
        return host + ":" + port;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void report(String phase, String message) {
        settings.progress.accept(new LoadProgress(phase, message, elapsed()));
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String resource(String name) {
        try (InputStream in = NorthwindLoader.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + name + " from the cdclake-sql jar", e);
        }
    }

    /** Rows as COPY's CSV format: strings quoted, null as an empty unquoted field. */
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
}
