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

import static io.cdclake.sql.SourceLoader.MINIMUM_SERVER_VERSION;
import static io.cdclake.sql.SourceLoader.NORTHWIND_SCHEMA;
import static io.cdclake.sql.SourceLoader.NORTHWIND_TABLES;

/** One run of a {@link SourceLoader}: the steps of a load, timed from the run's start for its progress. */
final class LoadRun {

    /** Where the loader connects to create a database that does not exist yet, in order of preference. */
    private static final List<String> MAINTENANCE_DATABASES = List.of("postgres", "template1");
    private static final String UNDEFINED_DATABASE = "3D000";
    /** A running pipeline or a psql session must not make the load wait forever for a lock. */
    private static final String LOCK_TIMEOUT = "30s";
    /** pg_dump's form: the statement on its line(s), then the rows, then a line {@code \.}. */
    private static final Pattern COPY_FROM_STDIN =
            Pattern.compile("(?im)^[ \\t]*(COPY\\s[^;]*?\\sFROM\\s+stdin[^;]*);[ \\t]*\\r?\\n");
    private static final Pattern END_OF_COPY = Pattern.compile("(?m)^\\\\\\.[ \\t]*(\\r?\\n|\\z)");
    private static final Pattern DOLLAR_QUOTED = Pattern.compile("(?s)\\$([A-Za-z_][A-Za-z0-9_]*|)\\$.*?\\$\\1\\$");
    /** psql's own commands (\connect, \set): only psql runs them. */
    private static final Pattern PSQL_COMMAND = Pattern.compile("(?m)^[ \\t]*\\\\([a-zA-Z!]+)");
    private static final Pattern TRANSACTION_CONTROL =
            Pattern.compile("(?im)^\\s*(BEGIN|COMMIT|ROLLBACK|END|START\\s+TRANSACTION)\\s*(TRANSACTION|WORK)?\\s*;");

    private final SourceLoader settings;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final long startedNanos = System.nanoTime();

    LoadRun(SourceLoader settings) {
        this.settings = settings;
        this.host = settings.host;
        this.port = settings.port;
        this.database = settings.database;
        this.user = settings.user;
        this.password = settings.password;
    }

    LoadResult execute() throws LoadException {
        // The user's scripts are read and checked before anything on the server changes.
        Map<Path, String> scripts = readScripts();
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
        report("done", database + " loaded: " + LoadResult.describe(counts));
        return new LoadResult(database, created, counts, elapsed());
    }

    private Map<String, Long> fill(Connection c, Map<Path, String> scripts) throws SQLException, LoadException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            dropExistingUnlessRefused(st);
            if (scripts.isEmpty()) {
                loadNorthwind(c, st);
            } else {
                createRoles(st);
                runScripts(c, st, scripts);
            }
            requireCapturedTables(st);
            publish(st);
            return counts(st);
        }
    }

    private void loadNorthwind(Connection c, Statement st) throws SQLException {
        report("schema", "creating schema " + NORTHWIND_SCHEMA);
        st.execute("CREATE SCHEMA " + NORTHWIND_SCHEMA);
        st.execute("SET LOCAL search_path = " + NORTHWIND_SCHEMA);
        st.execute(resource("schema.sql"));
        copyGeneratedData(c, st);
        report("outbox", "creating " + SourceLoader.NORTHWIND_OUTBOX + " and its triggers on orders and order_details");
        st.execute(resource("outbox.sql"));
        try (ResultSet rs = st.executeQuery("SELECT fill_cdc_events()")) {
            rs.next();
            report("outbox", String.format(Locale.ROOT, "%,d events in %s", rs.getLong(1), SourceLoader.NORTHWIND_OUTBOX));
        }
        st.execute("ALTER DATABASE " + quoted(database) + " SET search_path = " + NORTHWIND_SCHEMA + ", public");
        report("schema", "search_path of " + database + " is " + NORTHWIND_SCHEMA + ", public");
    }

    /** What an earlier load made: the Northwind schema, or the captured tables (their schemas but public). */
    private void dropExistingUnlessRefused(Statement st) throws SQLException, LoadException {
        List<String> existing = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        if (settings.northwindScale != null) {
            if (exists(st, "SELECT 1 FROM pg_namespace WHERE nspname = '" + NORTHWIND_SCHEMA + "'")) {
                existing.add("schema " + NORTHWIND_SCHEMA);
                drops.add("DROP SCHEMA " + NORTHWIND_SCHEMA + " CASCADE");
            }
        } else {
            List<String> schemas = new ArrayList<>();
            for (String table : settings.tables) {
                if (exists(st, "SELECT 1 FROM pg_tables WHERE schemaname = '" + schemaOf(table) + "' AND tablename = '"
                        + tableOf(table) + "'")) {
                    existing.add("table " + table);
                    if (schemaOf(table).equals("public")) {
                        drops.add("DROP TABLE " + table + " CASCADE");
                    } else if (!schemas.contains(schemaOf(table))) {
                        schemas.add(schemaOf(table));
                        drops.add("DROP SCHEMA " + quoted(schemaOf(table)) + " CASCADE");
                    }
                }
            }
        }
        if (exists(st, "SELECT 1 FROM pg_publication WHERE pubname = '" + settings.publication + "'")) {
            existing.add("publication " + settings.publication);
            drops.add(0, "DROP PUBLICATION " + settings.publication);
        }
        if (existing.isEmpty()) {
            return;
        }
        String what = String.join(", ", existing);
        if (!settings.replace) {
            throw new LoadException(what + (existing.size() > 1 ? " already exist" : " already exists")
                    + " in database " + database + "; pass --replace to drop and load again,"
                    + " or give the pipeline another source.database");
        }
        report("schema", "dropping the existing " + what);
        for (String drop : drops) {
            st.execute(drop);
        }
    }

    private void createRoles(Statement st) throws SQLException {
        for (String role : settings.roles) {
            if (!exists(st, "SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                st.execute("CREATE ROLE " + quoted(role) + " NOLOGIN");
                report("roles", "created role " + role + " (NOLOGIN), which the scripts refer to");
            }
        }
    }

    private void copyGeneratedData(Connection c, Statement st) throws SQLException {
        NorthwindData data = NorthwindGenerator.generate(settings.northwindScale).withoutOrder(ScenarioSql.INSERTED_ORDER);
        report("generate", String.format(Locale.ROOT, "scale %d: %,d rows in %d tables (order %d held back)",
                settings.northwindScale, data.counts().values().stream().mapToLong(Integer::longValue).sum(),
                data.tables().size(), ScenarioSql.INSERTED_ORDER));
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
        Map<Path, String> scripts = new LinkedHashMap<>();
        for (Path script : settings.scripts) {
            String sql;
            try {
                sql = Files.readString(script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LoadException("cannot read script " + script.getFileName() + " as UTF-8 text: " + e.getMessage(), e);
            }
            requireRunnableInOneTransaction(script, sql);
            scripts.put(script, sql);
        }
        return scripts;
    }

    /** Runs each script as written; a {@code COPY ... FROM stdin} is fed the rows that follow it. */
    private void runScripts(Connection c, Statement st, Map<Path, String> scripts) throws LoadException {
        CopyManager copy;
        try {
            copy = c.unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL driver offers no COPY", e);
        }
        for (Map.Entry<Path, String> script : scripts.entrySet()) {
            String name = script.getKey().getFileName().toString();
            String sql = script.getValue();
            report("scripts", String.format(Locale.ROOT, "running %s (%,d lines)", name, sql.lines().count()));
            int at = 0;
            try {
                for (Matcher m = COPY_FROM_STDIN.matcher(sql); m.find(at); ) {
                    execute(st, sql.substring(at, m.start()));
                    Matcher end = END_OF_COPY.matcher(sql);
                    int dataEnd = end.find(m.end()) ? end.start() : sql.length();
                    long rows = copy.copyIn(m.group(1), new StringReader(sql.substring(m.end(), dataEnd)));
                    report("copy", String.format(Locale.ROOT, "%s: %,d rows", m.group(1).replaceAll("\\s+", " ")
                            .replaceFirst("(?i)\\sFROM\\s+stdin.*", ""), rows));
                    at = end.hitEnd() && dataEnd == sql.length() ? sql.length() : end.end();
                }
                execute(st, sql.substring(at));
            } catch (SQLException e) {
                throw new LoadException("script " + name + " failed: " + rootMessage(e) + hint(e) + "; nothing was loaded", e);
            } catch (IOException e) {
                throw new LoadException("script " + name + " failed feeding COPY: " + e.getMessage() + "; nothing was loaded", e);
            }
        }
    }

    private static void execute(Statement st, String sql) throws SQLException {
        if (!sql.isBlank()) {
            st.execute(sql);
        }
    }

    /** What to do about the failures a script brings from elsewhere. */
    private static String hint(SQLException e) {
        String message = Objects.toString(e.getMessage(), "");
        if ("42704".equals(e.getSQLState()) && message.contains("role")) {
            return " (declare the role in source.init.roles, and cdc-lake creates it)";
        }
        if ("25001".equals(e.getSQLState())) {
            return " (the scripts run in one transaction: run that statement separately)";
        }
        return "";
    }

    private static void requireRunnableInOneTransaction(Path script, String sql) throws LoadException {
        // BEGIN and END inside a function's body are PL/pgSQL, not transaction control
        Matcher control = TRANSACTION_CONTROL.matcher(withoutDollarQuoted(sql));
        if (control.find()) {
            throw new LoadException("script " + script.getFileName() + " has " + control.group(1).toUpperCase(Locale.ROOT)
                    + " on line " + lineOf(sql, control.start(1)) + "; the scripts run in one transaction, so remove"
                    + " its BEGIN/COMMIT lines");
        }
        String withoutCopyData = COPY_FROM_STDIN.matcher(sql).find() ? withoutCopyData(sql) : sql;
        Matcher psql = PSQL_COMMAND.matcher(withoutCopyData);
        if (psql.find()) {
            throw new LoadException("script " + script.getFileName() + " has the psql command \\" + psql.group(1)
                    + ", which only psql runs; remove it (the scripts run in the pipeline's database)");
        }
    }

    /** The text with each dollar-quoted string blanked out, its lines kept so that line numbers still hold. */
    private static String withoutDollarQuoted(String sql) {
        return DOLLAR_QUOTED.matcher(sql).replaceAll(m -> "\n".repeat((int) m.group().chars().filter(ch -> ch == '\n').count()));
    }

    private static String withoutCopyData(String sql) {
        StringBuilder kept = new StringBuilder();
        int at = 0;
        for (Matcher m = COPY_FROM_STDIN.matcher(sql); m.find(at); ) {
            kept.append(sql, at, m.end());
            Matcher end = END_OF_COPY.matcher(sql);
            at = end.find(m.end()) ? end.end() : sql.length();
        }
        return kept.append(sql.substring(at)).toString();
    }

    private static long lineOf(String text, int index) {
        return 1 + text.substring(0, index).chars().filter(ch -> ch == '\n').count();
    }

    private void requireCapturedTables(Statement st) throws SQLException, LoadException {
        List<String> missing = new ArrayList<>();
        for (String table : settings.tables) {
            if (!exists(st, "SELECT 1 FROM pg_tables WHERE schemaname = '" + schemaOf(table) + "' AND tablename = '"
                    + tableOf(table) + "'")) {
                missing.add(table);
            }
        }
        if (!missing.isEmpty()) {
            throw new LoadException((settings.northwindScale != null ? "the Northwind generator" : "the scripts")
                    + " did not create " + String.join(", ", missing) + ", which the pipeline captures;"
                    + (settings.northwindScale != null ? " the generator makes " + SourceLoader.NORTHWIND_OUTBOX + " and "
                    + NORTHWIND_SCHEMA + "." + String.join(", " + NORTHWIND_SCHEMA + ".", NORTHWIND_TABLES)
                    : " create them in source.init.scripts, or correct source.tables") + "; nothing was loaded");
        }
    }

    /** Creates the publication for the captured tables, unless the init made it or the pipeline's owner does. */
    private void publish(Statement st) throws SQLException {
        if (exists(st, "SELECT 1 FROM pg_publication WHERE pubname = '" + settings.publication + "'")) {
            report("publish", "publication " + settings.publication + " exists (made by the scripts)");
        } else if (settings.createPublication) {
            st.execute("CREATE PUBLICATION " + settings.publication + " FOR TABLE " + String.join(", ", settings.tables));
            report("publish", "publication " + settings.publication + " for " + String.join(", ", settings.tables));
        } else {
            report("note", "publication " + settings.publication + " does not exist and source.publication.create is"
                    + " false: create it before the connector starts (CREATE PUBLICATION " + settings.publication
                    + " FOR TABLE " + String.join(", ", settings.tables) + ")");
        }
    }

    private void noteWalLevel(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                report("note", "wal_level is " + level + ": set wal_level = logical (rds.logical_replication = 1"
                        + " on RDS and Aurora) and restart the server before a connector can stream "
                        + settings.publication);
            }
        }
    }

    /** Rows of each captured table: the snapshot a connector will read. */
    private Map<String, Long> counts(Statement st) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : settings.tables) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    static String schemaOf(String table) {
        return table.substring(0, table.indexOf('.'));
    }

    static String tableOf(String table) {
        return table.substring(table.indexOf('.') + 1);
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
        try (InputStream in = SourceLoader.class.getResourceAsStream(name)) {
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
