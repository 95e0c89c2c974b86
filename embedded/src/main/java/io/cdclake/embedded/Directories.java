package io.cdclake.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Data directories removed whole (a benchmark run measured and done, a half-made template) or cleared for a fresh
 * start, keeping what is already in use there.
 */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code dir} and everything in it; nothing happens when it does not exist. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }

    /**
     * Deletes everything in {@code dir} but its entry named {@code keep} (e.g. the log directory a runner already
     * writes to: deleting an open log would leave it writing to a file nobody can read). Nothing happens when
     * {@code dir} does not exist.
     */
    public static void clear(Path dir, String keep) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(p -> !p.getFileName().toString().equals(keep)).toList()) {
                delete(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clearing " + dir, e);
        }
    }
}
