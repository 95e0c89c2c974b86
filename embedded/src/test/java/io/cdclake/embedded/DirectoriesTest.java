package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoriesTest {

    @TempDir
    Path dir;

    /** A fresh start clears the data dir while the runner already writes its log there: the log must stay. */
    @Test
    void clearingKeepsTheNamedEntryAndRemovesEverythingElse() throws Exception {
        Path log = Files.createDirectories(dir.resolve("logs")).resolve("cdclake.log");
        Files.writeString(log, "started\n");
        Files.createDirectories(dir.resolve("kafka/msk.datalake.cdc_events-0"));
        Files.writeString(dir.resolve("kafka/msk.datalake.cdc_events-0/00000000000000000000.log"), "records");
        Files.writeString(dir.resolve("endpoints.json"), "{}");

        Directories.clear(dir, "logs");

        assertThat(dir).isDirectory();
        assertThat(log).hasContent("started");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("logs");
        }
    }

    @Test
    void clearingADirectoryThatIsNotThereDoesNothing() {
        Directories.clear(dir.resolve("absent"), "logs");
        assertThat(dir.resolve("absent")).doesNotExist();
    }
}
