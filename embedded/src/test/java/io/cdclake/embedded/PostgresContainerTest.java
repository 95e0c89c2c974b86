package io.cdclake.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The source database from a container image, as {@code up --source-container} starts it. Needs a Docker engine
 * and the image ({@code CDCLAKE_POSTGRES_IMAGE}, default {@code local/postgres:15}, which
 * {@code docker/postgres/build-image.sh} builds without a registry); without them it reports itself skipped.
 */
class PostgresContainerTest {

    static final String IMAGE = System.getenv().getOrDefault("CDCLAKE_POSTGRES_IMAGE", "local/postgres:15");

    @BeforeAll
    static void requireDockerAndTheImage() {
        PostgresContainer.notStartableHere(IMAGE).ifPresent(reason -> assumeTrue(false, reason));
    }

    @Test
    void startsALogicalDecodingServerReachableOnLoopbackWithoutAPassword() throws Exception {
        int port;
        try (PostgresContainer pg = PostgresContainer.builder().image(IMAGE).start()) {
            port = pg.port();
            assertThat(pg.user()).isEqualTo("postgres");
            assertThat(pg.toString()).contains(IMAGE);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    pg.user(), "");
                 Statement s = c.createStatement()) {
                assertThat(value(s, "SHOW wal_level")).isEqualTo("logical");
                s.execute("CREATE TABLE t (id int PRIMARY KEY)");
                assertThat(value(s, "SELECT slot_name FROM pg_create_logical_replication_slot('cdc', 'pgoutput')"))
                        .isEqualTo("cdc");
            }
        }
        assertThat(LocalPorts.accepting(port)).as("closing removes the container").isFalse();
    }

    @Test
    void anImageNeitherOnTheEngineNorPullableIsRefusedInOneLineAtOnce() {
        String image = "local/cdclake-no-such-image:0";
        assertThatThrownBy(() -> PostgresContainer.requireDocker(image))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the source container " + image + ": image " + image
                        + " is not on this Docker engine and cannot be pulled (")
                .hasMessageEndingWith("pull or build it, or leave --source-container out for the embedded PostgreSQL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static String value(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
