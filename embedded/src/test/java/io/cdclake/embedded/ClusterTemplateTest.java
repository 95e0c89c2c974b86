package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTemplateTest {

    @TempDir
    Path dir;

    @Test
    void newDataDirectoriesAreCopiesOfOneTemplateAndStartAsClustersOfTheirOwn() throws Exception {
        ClusterTemplate template = new ClusterTemplate(dir.resolve("template"));
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        template.initialise(first);
        Files.createDirectories(second);
        template.initialise(second);

        assertThat(dir.resolve("template").resolve("postgresql.conf")).isRegularFile();
        assertThat(dir.resolve("template").resolve("epg-lock")).as("the maker's lock stays behind").doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no half-made template is left")
                    .containsExactlyInAnyOrder("template", "first", "second");
        }
        try (PostgresServer a = PostgresServer.builder().dataDirectory(first).start();
             PostgresServer b = PostgresServer.builder().dataDirectory(second).start()) {
            try (Connection c = a.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE only_in_first (id int)");
            }
            try (Connection c = b.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the two clusters share nothing").isZero();
            }
        }
    }

    @Test
    void aTemplateSomethingThinnedIsMadeAgain() throws Exception {
        Path location = dir.resolve("template");
        ClusterTemplate template = new ClusterTemplate(location);
        template.initialise(dir.resolve("first"));
        Files.delete(location.resolve("PG_VERSION")); // as a /tmp cleaner would, file by file

        Path second = dir.resolve("second");
        template.initialise(second);

        assertThat(location.resolve("PG_VERSION")).isRegularFile();
        assertThat(second.resolve("PG_VERSION")).isRegularFile();
        try (PostgresServer pg = PostgresServer.builder().dataDirectory(second).start();
             Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aDirectoryThatHoldsAnythingIsLeftAlone() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        new ClusterTemplate(dir.resolve("template")).initialise(used);

        try (Stream<Path> files = Files.list(used)) {
            assertThat(files).containsExactly(used.resolve("notes.txt"));
        }
        assertThat(dir.resolve("template")).as("no template is made for nothing").doesNotExist();
    }
}
