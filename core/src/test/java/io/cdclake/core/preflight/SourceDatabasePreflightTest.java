package io.cdclake.core.preflight;

import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check fails on its own against a real PostgreSQL, and a sound database passes them all. */
class SourceDatabasePreflightTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final SourceDatabasePreflight PREFLIGHT =
            new SourceDatabasePreflight("cdc_publication", List.of("datalake.cdc_events"), "cdc_slot",
                    Map.of("datalake.cdc_events", List.of("customer_id", "order_id")));

    @TempDir
    static Path dataDir;
    static PostgresServer pg;

    String database;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.builder().dataDirectory(dataDir.resolve("pg")).maxReplicationSlots(3).start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @BeforeEach
    void soundDatabase() throws Exception {
        database = "db" + DATABASES.incrementAndGet();
        pg.createDatabaseIfAbsent(database);
        execute("CREATE SCHEMA datalake",
                "CREATE TABLE datalake.cdc_events (order_id int PRIMARY KEY, customer_id text)",
                "CREATE PUBLICATION cdc_publication FOR TABLE datalake.cdc_events");
    }

    @Test
    void aSoundDatabasePassesEveryCheck() throws Exception {
        assertThat(check()).isEmpty();
    }

    @Test
    void missingPublicationIsReportedWithItsCreateStatement() throws Exception {
        execute("DROP PUBLICATION cdc_publication");
        assertThat(check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("publication");
            assertThat(p.fix()).isEqualTo("CREATE PUBLICATION cdc_publication FOR TABLE datalake.cdc_events;");
        });
    }

    @Test
    void tableOutsideThePublicationIsReported() throws Exception {
        execute("CREATE TABLE datalake.other (id int PRIMARY KEY)",
                "ALTER PUBLICATION cdc_publication SET TABLE datalake.other");
        assertThat(check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("publication tables");
            assertThat(p.fix()).isEqualTo("ALTER PUBLICATION cdc_publication ADD TABLE datalake.cdc_events;");
        });
    }

    @Test
    void tableWithoutKeyOrFullIdentityIsReported() throws Exception {
        execute("ALTER TABLE datalake.cdc_events DROP CONSTRAINT cdc_events_pkey");
        assertThat(check()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("replica identity");
            assertThat(p.fix()).contains("REPLICA IDENTITY FULL");
        });
        execute("ALTER TABLE datalake.cdc_events REPLICA IDENTITY FULL");
        assertThat(check()).isEmpty();
    }

    @Test
    void userWithoutReplicationPrivilegeIsReported() throws Exception {
        execute("CREATE ROLE reader_" + database + " LOGIN");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), "reader_" + database, "")) {
            assertThat(PREFLIGHT.check(c)).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("replication privilege");
                assertThat(p.fix()).isEqualTo("ALTER ROLE \"reader_" + database + "\" WITH REPLICATION;");
            });
        }
    }

    @Test
    void slotWithAnotherDecoderIsReported() throws Exception {
        execute("SELECT pg_create_logical_replication_slot('cdc_slot', 'test_decoding')");
        try {
            assertThat(check()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("replication slot");
                assertThat(p.message()).contains("test_decoding");
            });
        } finally {
            execute("SELECT pg_drop_replication_slot('cdc_slot')");
        }
    }

    @Test
    void slotInUseByAnotherConsumerIsReported() throws Exception {
        execute("SELECT pg_create_logical_replication_slot('cdc_slot', 'pgoutput')");
        Properties props = new Properties();
        PGProperty.USER.set(props, PostgresServer.SUPERUSER);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        try (Connection replication = DriverManager.getConnection(pg.jdbcUrl(database), props);
             PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                     .replicationStream().logical().withSlotName("cdc_slot")
                     .withSlotOption("proto_version", "1").withSlotOption("publication_names", "cdc_publication")
                     .start()) {
            assertThat(check()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("replication slot");
                assertThat(p.message()).contains("in use by process");
            });
        } finally {
            execute("SELECT pg_drop_replication_slot('cdc_slot')");
        }
    }

    @Test
    void noFreeReplicationSlotIsReported() throws Exception {
        execute("SELECT pg_create_logical_replication_slot('a_" + database + "', 'pgoutput')",
                "SELECT pg_create_logical_replication_slot('b_" + database + "', 'pgoutput')",
                "SELECT pg_create_logical_replication_slot('c_" + database + "', 'pgoutput')");
        try {
            assertThat(check()).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("replication slot");
                assertThat(p.message()).startsWith("all 3 replication slots are taken");
            });
        } finally {
            execute("SELECT pg_drop_replication_slot('a_" + database + "')",
                    "SELECT pg_drop_replication_slot('b_" + database + "')",
                    "SELECT pg_drop_replication_slot('c_" + database + "')");
        }
    }

    @Test
    void walLevelBelowLogicalIsReported(@TempDir Path otherDir) throws Exception {
        try (PostgresServer replicaLevel = PostgresServer.builder().dataDirectory(otherDir)
                .serverConfig("wal_level", "replica").start();
             Connection c = replicaLevel.connect("postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA datalake");
            s.execute("CREATE TABLE datalake.cdc_events (order_id int PRIMARY KEY, customer_id text)");
            s.execute("CREATE PUBLICATION cdc_publication FOR TABLE datalake.cdc_events");
            assertThat(PREFLIGHT.check(c)).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("wal_level");
                assertThat(p.fix()).isEqualTo("ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL.");
            });
        }
    }

    @Test
    void aPartitionFieldThatIsNotAColumnOfItsTableIsReported() throws Exception {
        SourceDatabasePreflight preflight = new SourceDatabasePreflight("cdc_publication", List.of("datalake.cdc_events"),
                "cdc_slot", Map.of("datalake.cdc_events", List.of("customer_id", "country")));
        try (Connection c = pg.connect(database)) {
            assertThat(preflight.check(c)).singleElement().satisfies(p -> {
                assertThat(p.check()).isEqualTo("partition field");
                assertThat(p.message()).isEqualTo("PARTITIONBY field 'country' of table datalake.cdc_events's topic is"
                        + " not a column of datalake.cdc_events.");
            });
        }
    }

    private List<SourceDatabasePreflight.Problem> check() throws SQLException {
        try (Connection c = pg.connect(database)) {
            return PREFLIGHT.check(c);
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
