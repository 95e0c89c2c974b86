package io.cdclake.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The keep file the launcher names is what tells it a recording is worth mapping (LauncherIT has the other side). */
class ArchiveRecordingTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(ArchiveRecording.KEEP_FILE_PROPERTY);
    }

    @Test
    void theRuntimeStartedWritesTheKeepFileTheLauncherNamed() {
        Path keep = dir.resolve("cdclake-jdk17.jsa.4242.keep");
        System.setProperty(ArchiveRecording.KEEP_FILE_PROPERTY, keep.toString());

        ArchiveRecording.runtimeStarted();

        assertThat(keep).exists();
    }

    @Test
    void aRunTheLauncherDoesNotRecordWritesNothing() {
        ArchiveRecording.runtimeStarted();

        assertThat(dir).isEmptyDirectory();
    }
}
