package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
