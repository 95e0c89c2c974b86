package io.cdclake.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A real PostgreSQL server (binaries from Maven Central) running as a child process, configured for logical
 * decoding so that Debezium can stream from it with pgoutput. Its data directory is kept between starts,
 * so a second start on the same directory resumes with the same databases and replication slots. The server never
 * outlives its JVM ({@link PostmasterWatchdog}), and a start clears what a killed runner left on the directory.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser zonky's initdb creates; local connections are trusted, so any password is accepted. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /** zonky's lock in the data directory, held by the JVM whose server runs there. */
    private static final String LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final PostmasterWatchdog watchdog;

    private PostgresServer(EmbeddedPostgres postgres, PostmasterWatchdog watchdog) {
        this.postgres = postgres;
        this.watchdog = watchdog;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return SUPERUSER;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Creates {@code database} unless it exists; returns whether it was created. */
    public boolean createDatabaseIfAbsent(String database) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return false;
                }
            }
            s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            return true;
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping PostgreSQL on port " + port(), e);
        } finally {
            watchdog.close();
        }
    }

    /** Immutable settings of a server to start. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private int maxReplicationSlots = 10;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private boolean stopOnJvmExit = true;
        private Consumer<String> recoveries = LOG::warn;

        private Builder() {
        }

        /** Where the cluster lives; created on first start and reused afterwards. Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = BuilderChecks.port("PostgresServer", "port", port);
            return this;
        }

        /** Replication slots and WAL senders to allow (each connector and each Connect worker group uses one). */
        public Builder maxReplicationSlots(int maxReplicationSlots) {
            if (maxReplicationSlots < 1) {
                throw new IllegalArgumentException("maxReplicationSlots must be at least 1, was " + maxReplicationSlots);
            }
            this.maxReplicationSlots = maxReplicationSlots;
            return this;
        }

        /** A postgresql.conf setting, applied after (and so overriding) the logical-decoding defaults. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Whether the server stops by itself when the JVM exits (the default, a safety net for tests). An owner
         * that stops its parts in order on exit turns it off, so PostgreSQL is not stopped under a running
         * connector.
         */
        public Builder stopOnJvmExit(boolean stopOnJvmExit) {
            this.stopOnJvmExit = stopOnJvmExit;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Where a start says what an earlier, killed runner left on the data directory and what it did about it. */
        public Builder recoveries(Consumer<String> recoveries) {
            this.recoveries = Objects.requireNonNull(recoveries, "recoveries");
            return this;
        }

        public PostgresServer start() throws IOException {
            BuilderChecks.requireDataDirectory("PostgresServer", dataDirectory, "the cluster");
            long started = System.nanoTime();
            DirectoryLock.requireFree("PostgresServer", dataDirectory.resolve(LOCK_FILE));
            StalePostmaster.clear(dataDirectory, recoveries);
            ClusterTemplate.forThisVersion().initialise(dataDirectory);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopOnJvmExit)
                    .setPGStartupWait(startTimeout)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", Integer.toString(maxReplicationSlots))
                    .setServerConfig("max_wal_senders", Integer.toString(maxReplicationSlots))
                    .setServerConfig("listen_addresses", "localhost")
                    // zonky turns it off; a walsender decodes only flushed WAL, so an asynchronous commit would
                    // reach Debezium up to 3 x wal_writer_delay (600 ms) late. fsync stays off (-F): commits are cheap
                    .setServerConfig("synchronous_commit", "on");
            serverConfig.forEach(b::setServerConfig);
            if (port > 0) {
                b.setPort(port);
            }
            EmbeddedPostgres postgres = b.start();
            PostgresServer server;
            try {
                server = new PostgresServer(postgres, PostmasterWatchdog.watch(dataDirectory));
            } catch (IOException | RuntimeException e) {
                postgres.close();
                throw e;
            }
            LOG.info("PostgreSQL ready on {}:{} in {} ms (data in {})", server.host(), server.port(),
                    (System.nanoTime() - started) / 1_000_000, dataDirectory);
            return server;
        }
    }
}
