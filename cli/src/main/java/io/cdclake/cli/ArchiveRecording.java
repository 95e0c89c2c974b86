package io.cdclake.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the launcher that this run's class recording is worth keeping. The launcher records the classes every
 * {@code up} or {@code demo} loads and maps them in later starts; a run that ends before the runtime started
 * ({@code up --help}, a refused pipeline file) loads a few hundred classes, and an archive of those would leave every
 * later start loading Kafka, Connect and S3Proxy anew until the next build (2.1 s instead of 1.3 s for Kafka).
 */
final class ArchiveRecording {

    /** The file the launcher names for a recording run; it keeps the recording only if this file exists. */
    static final String KEEP_FILE_PROPERTY = "cdclake.archive.keep";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecording.class);

    private ArchiveRecording() {
    }

    /** The runtime is up: the classes loaded so far are the ones a start needs. */
    static void runtimeStarted() {
        String file = System.getProperty(KEEP_FILE_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), "");
        } catch (IOException e) {
            // the next start only loses the archive, which the run after it records again
            LOG.warn("could not mark the class recording as complete: {}", e.toString());
        }
    }
}
