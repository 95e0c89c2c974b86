package io.cdclake.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Looks inside Connect plugin directories the way {@code plugin.path} lays them out: a plugin is a directory of
 * jars (or a jar) directly under a plugin path entry, and its classes are inside those jars.
 */
public final class PluginClasses {

    /** plugin.path entry / plugin directory / lib / jar: deeper than Connect itself looks is not a plugin. */
    private static final int MAX_DEPTH = 3;

    private PluginClasses() {
    }

    /** The first jar under {@code pluginDirectories} holding {@code className}, if any. */
    public static Optional<Path> find(List<Path> pluginDirectories, String className) {
        String entry = className.replace('.', '/') + ".class";
        for (Path dir : pluginDirectories) {
            try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
                Optional<Path> jar = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .filter(f -> holds(f, entry)).findFirst();
                if (jar.isPresent()) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading plugin directory " + dir, e);
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            return false; // not a jar after all: Connect skips it too
        }
    }
}
