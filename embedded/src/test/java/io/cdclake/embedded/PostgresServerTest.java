package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void startsWithLogicalDecodingAndKeepsItsDataAcrossRestarts() throws Exception {
        int port;
        try (PostgresServer pg = PostgresServer.builder().dataDirectory(dataDir).start()) {
            port = pg.port();
            assertThat(pg.createDatabaseIfAbsent("devdb")).isTrue();
            try (Connection c = pg.connect("devdb"); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW wal_level")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("logical");
                }
                try (ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("a commit reaches the replication slot at once").isEqualTo("on");
                }
                s.execute("CREATE TABLE t (id int PRIMARY KEY)");
                s.execute("SELECT pg_create_logical_replication_slot('probe', 'pgoutput')");
            }
        }
        assertThat(LocalPorts.accepting(port)).as("closing releases the port").isFalse();
        try (PostgresServer pg = PostgresServer.builder().dataDirectory(dataDir).port(port).start()) {
            assertThat(pg.createDatabaseIfAbsent("devdb")).isFalse();
            try (Connection c = pg.connect("devdb"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'probe'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void refusesIncompleteSettingsNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> PostgresServer.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataDirectory is not set").hasMessageContaining("dataDirectory(Path)");
        assertThatThrownBy(() -> PostgresServer.builder().port(65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 65536 is out of range");
    }

    @Test
    void aSecondStartOnADirectoryInUseIsRefusedAndTheRunningServerKept() throws Exception {
        try (PostgresServer running = PostgresServer.builder().dataDirectory(dataDir).start()) {
            assertThatThrownBy(() -> PostgresServer.builder().dataDirectory(dataDir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dataDir + " is in use by a running process").hasMessageContaining("another data dir");
            try (Connection c = running.connect("postgres"); Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1")).as("the running server is untouched").isTrue();
            }
        }
    }

    @Test
    void aPidFileLeftByAServerThatDiedIsClearedAndReported() throws Exception {
        PostgresServer.builder().dataDirectory(dataDir).start().close();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(dataDir.resolve("postmaster.pid"), exited.pid() + "\n" + dataDir + "\n");
        List<String> said = new CopyOnWriteArrayList<>();
        try (PostgresServer pg = PostgresServer.builder().dataDirectory(dataDir).recoveries(said::add).start()) {
            assertThat(said).singleElement().asString().contains("did not stop cleanly (pid " + exited.pid() + " is gone)");
            assertThat(pg.createDatabaseIfAbsent("postgres")).isFalse();
        }
    }

    @Test
    void theWatchdogStopsThePostmasterWhenItsRunnerIsGone() throws Exception {
        // a stand-in postmaster: the watchdog signals the process the pid file names if it runs on the directory.
        // It sets its own SIGINT handler as PostgreSQL does: a process started from a background shell inherits
        // SIGINT ignored, which a shell's trap cannot undo.
        Process postmaster = new ProcessBuilder("perl", "-e", "$SIG{INT} = sub { exit 0 }; sleep 1 while 1",
                dataDir.toString()).start();
        Files.writeString(dataDir.resolve("postmaster.pid"), postmaster.pid() + "\n");
        PostmasterWatchdog watchdog = PostmasterWatchdog.watch(dataDir);
        assertThat(postmaster.isAlive()).isTrue();
        watchdog.close(); // what the operating system does to the pipe when the JVM dies
        await().atMost(Duration.ofSeconds(10)).until(() -> !postmaster.isAlive());
    }

    @Test
    void theWatchdogLeavesAloneAProcessThatDoesNotRunOnTheDirectory() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), unrelated.pid() + "\n");
            PostmasterWatchdog.watch(dataDir).close(); // returns once the shell has made its check and ended
            assertThat(unrelated.isAlive()).as("a reused process id is not PostgreSQL's").isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }
}
