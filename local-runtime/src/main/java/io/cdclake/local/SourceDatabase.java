package io.cdclake.local;

import io.cdclake.embedded.PostgresContainer;
import io.cdclake.embedded.PostgresServer;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * The PostgreSQL server the pipeline reads from: the embedded one the runtime starts, or an external server given
 * by JDBC URL (a Debian package, RDS through a tunnel, a colleague's database). Everything that talks to the source
 * goes through this, so both kinds behave the same. {@link #toString()} never shows the password.
 *
 * @param database the database the JDBC URL names, or null when it names none (and for the embedded server)
 * @param external whether the server is the user's: the runtime neither starts nor stops it (it does the embedded
 *                 one and a source container), and the password
 *                 is never written to endpoints.json
 */
public record SourceDatabase(String host, int port, String database, String user, String password, boolean external) {

    public SourceDatabase {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        password = Objects.requireNonNullElse(password, "");
    }

    /** The embedded server trusts local connections: no password. */
    public static final String EMBEDDED_PASSWORD = "";

    /** The embedded server. */
    public static SourceDatabase embedded(PostgresServer server) {
        return new SourceDatabase(server.host(), server.port(), null, server.user(), EMBEDDED_PASSWORD, false);
    }

    /** A server in a container the runtime started: like the embedded one, it trusts local connections. */
    public static SourceDatabase container(PostgresContainer container) {
        return new SourceDatabase(container.host(), container.port(), null, container.user(), EMBEDDED_PASSWORD, false);
    }

    /**
     * An external server. User and password in the URL's query are honoured; {@code user} and {@code password}
     * given here win over them.
     *
     * @throws IllegalArgumentException naming the URL and the form expected when pgjdbc cannot parse it
     */
    public static SourceDatabase external(String jdbcUrl, String user, String password) {
        Properties parsed = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("JDBC URL '" + redactQuery(jdbcUrl) + "' is not a PostgreSQL URL;"
                    + " use jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (parsed.getProperty("PGHOST", "").contains(",")) {
            throw new IllegalArgumentException("JDBC URL '" + redactQuery(jdbcUrl) + "' names several hosts;"
                    + " Debezium reads from one server: name its primary only");
        }
        String database = parsed.getProperty("PGDBNAME", "");
        return new SourceDatabase(parsed.getProperty("PGHOST"), Integer.parseInt(parsed.getProperty("PGPORT")),
                database.isEmpty() ? null : database,
                user != null ? user : parsed.getProperty("user", PostgresServer.SUPERUSER),
                password != null ? password : parsed.getProperty("password", ""), true);
    }

    /** A connection to {@code database} on this server. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Whether a connection failed only because the database does not exist yet: the server itself answered. */
    static boolean noSuchDatabase(SQLException e) {
        return "3D000".equals(e.getSQLState());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** Where the server is and who connects, without the password. */
    @Override
    public String toString() {
        return (external ? "external PostgreSQL " : "embedded PostgreSQL ") + user + "@" + host + ":" + port
                + (database == null ? "" : "/" + database);
    }

    /** A URL as it may be shown: its query (which may hold a password) left out. */
    private static String redactQuery(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "";
        }
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }
}
