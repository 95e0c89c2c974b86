package io.cdclake.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real PostgreSQL 9.6 (no publications, no pgoutput): the loader refuses it in one line and creates nothing.
 * The binaries come from the jar the build copies to target/legacy-postgres (see this module's pom).
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class OldServerTest {

    @Test
    void aServerOlderThan10IsRefusedAndLeftUnchanged(@TempDir Path dataDir) throws Exception {
        Path binaries = Path.of(System.getProperty("cdclake.test.legacyPostgresJar",
                "target/legacy-postgres/postgres-legacy-linux-amd64.jar"));
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setPgBinaryResolver((system, machine) -> {
                    try (ZipFile jar = new ZipFile(binaries.toFile())) {
                        return new ByteArrayInputStream(
                                jar.getInputStream(jar.getEntry("postgres-linux-x86_64.txz")).readAllBytes());
                    }
                })
                .start()) {
            assertThat(query(old, "SHOW server_version")).startsWith("9.6");
            List<LoadProgress> steps = new ArrayList<>();

            assertThatThrownBy(() -> SourceLoader.builder().northwind(1).tables(List.of(SourceLoader.NORTHWIND_OUTBOX))
                    .publication("cdc_publication", true).host("localhost").port(old.getPort())
                    .database("devdb").user("postgres").password("pw-not-shown").progress(steps::add).build().load())
                    .isInstanceOf(LoadException.class)
                    .hasMessageStartingWith("PostgreSQL 9.6.24 at localhost:" + old.getPort() + " is too old:")
                    .hasMessageEndingWith("PostgreSQL 10 or newer")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("pw-not-shown"));

            assertThat(query(old, "SELECT count(*) FROM pg_database WHERE datname = 'devdb'")).isEqualTo("0");
            assertThat(steps).noneMatch(step -> step.phase().equals("create"));
        }
    }

    private static String query(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
