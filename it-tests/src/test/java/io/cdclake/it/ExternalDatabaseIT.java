package io.cdclake.it;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.embedded.PostgresServer;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;
import io.cdclake.local.SourceDatabase;
import io.cdclake.local.SourceInit;
import io.cdclake.scenario.ScenarioResult;
import io.cdclake.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local pipeline reading from a PostgreSQL it did not start, as {@code up --jdbc-url} does: a server of its
 * own here, with a password-authenticated replication user, so that the password has to travel and must not
 * show up anywhere: not in what the runner prints, not in endpoints.json, not in Connect's config topic.
 */
class ExternalDatabaseIT {

    static final String USER = "cdc_user";
    static final String PASSWORD = "ext-Secret-4711";

    @TempDir
    Path dir;

    @Test
    void thePipelineRunsOnAnExternalServerAndItsPasswordIsNeitherPrintedNorWritten() throws Exception {
        try (PostgresServer external = PostgresServer.builder().dataDirectory(dir.resolve("external-pg")).start()) {
            requirePasswordFor(external, dir.resolve("external-pg"));
            String url = "jdbc:postgresql://localhost:" + external.port() + "/devdb";

            assertThatThrownBy(() -> start(SourceDatabase.external(url, USER, "not-the-password"), dir.resolve("wrong"),
                    false, new ByteArrayOutputStream()))
                    .hasMessageContaining("cannot connect to external PostgreSQL " + USER + "@localhost:" + external.port())
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining("not-the-password");
            assertThat(count(external, "SELECT count(*) FROM pg_database WHERE datname = 'devdb'"))
                    .as("nothing created on a server the runner could not log in to").isZero();

            Path dataDir = dir.resolve("data");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (LocalPipeline pipeline = start(SourceDatabase.external(url, USER, PASSWORD), dataDir, true, printed)) {
                assertThat(Files.exists(dataDir.resolve("postgres"))).as("no embedded server started").isFalse();
                assertThat(count(external, "SELECT count(*) FROM pg_replication_slots WHERE database = 'devdb'"))
                        .as("Debezium's slot on the external server").isEqualTo(1);
                ScenarioResult update = Scenarios.create("order-update", LocalTargets.PIPELINE,
                        LocalPipeline.LOCAL_ENVIRONMENT).run(pipeline.target(), pipeline.target(), System.out::println);
                assertThat(update.passed()).as(update.report()).isTrue();

                assertThat(filesHolding(PASSWORD, dataDir)).as("files under the data dir holding the password")
                        .isEmpty();
                Endpoints.Postgres written = Endpoints.read(dataDir).postgres();
                assertThat(written.port()).isEqualTo(external.port());
                assertThat(written.user()).isEqualTo(USER);
                assertThat(written.password()).as("left to PGPASSWORD").isNull();
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("checking external PostgreSQL")
                    .doesNotContain(PASSWORD);

            // A fresh start has no Kafka offsets: the slot of the first run would replay what the new snapshot holds.
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            try (LocalPipeline pipeline = start(SourceDatabase.external(url, USER, PASSWORD), dataDir, true, again)) {
                assertThat(again.toString(StandardCharsets.UTF_8)).contains("dropped idle slot")
                        .contains("found datalake.cdc_events in devdb: resuming");
                assertThat(count(external, "SELECT count(*) FROM pg_replication_slots WHERE database = 'devdb'"))
                        .isEqualTo(1);
            }
        }
    }

    /** The first thing a user with a PostgreSQL of their own does: load-db, then a first up on that database. */
    @Test
    void aFirstStartOnADatabaseThatLoadDbFilledFindsNoSlotAndRuns() throws Exception {
        try (PostgresServer external = PostgresServer.builder().dataDirectory(dir.resolve("external-pg")).start()) {
            requirePasswordFor(external, dir.resolve("external-pg"));
            SourceInit.loader(LocalTargets.PIPELINE, new SourceDatabase("localhost", external.port(), "devdb", USER,
                    PASSWORD, true), null).build().load();
            String url = "jdbc:postgresql://localhost:" + external.port() + "/devdb";

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (LocalPipeline pipeline = start(SourceDatabase.external(url, USER, PASSWORD), dir.resolve("data"),
                    true, printed)) {
                assertThat(count(external, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'cdc_orders'"))
                        .as("Debezium's slot, made by this start").isEqualTo(1);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no slot cdc_orders on external PostgreSQL")
                    .contains("found datalake.cdc_events in devdb: resuming");
        }
    }

    private static LocalPipeline start(SourceDatabase db, Path dataDir, boolean fresh, ByteArrayOutputStream printed)
            throws Exception {
        return LocalPipeline.builder().pipeline(LocalTargets.PIPELINE).dataDirectory(dataDir)
                .pluginPath(LocalTargets.pluginPath()).fresh(fresh).externalDatabase(db)
                .targets((runtime, p, bindings) -> ConnectRestTarget.local(runtime, p,
                        LocalPipeline.LOCAL_ENVIRONMENT, bindings, false))
                .progress(new Progress(new PrintStream(new TeeToStdout(printed), true, StandardCharsets.UTF_8)))
                .timeout(LocalTargets.TIMEOUT).start();
    }

    /** Every file under {@code dir} whose bytes hold {@code secret}: config topics, logs, endpoints.json, state. */
    private static List<Path> filesHolding(String secret, Path dir) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> holding = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= content.length; i++) {
                    if (Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
                        holding.add(f);
                        break;
                    }
                }
            }
            return holding;
        }
    }

    /** A replication user that must log in with its password over TCP; the superuser stays trusted for the test. */
    private static void requirePasswordFor(PostgresServer server, Path pgData) throws Exception {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN REPLICATION CREATEDB PASSWORD '" + PASSWORD + "'");
            Path hba = pgData.resolve("pg_hba.conf");
            Files.writeString(hba, "host all " + USER + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + USER + " ::1/128 scram-sha-256\n" + Files.readString(hba));
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private static long count(PostgresServer server, String query) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Keeps what the runner prints for the assertions and still shows it in the test's output. */
    private static final class TeeToStdout extends java.io.OutputStream {
        private final ByteArrayOutputStream copy;

        TeeToStdout(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            System.out.write(b, off, len);
        }
    }
}
