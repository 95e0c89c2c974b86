package io.cdclake.local;

import io.cdclake.embedded.ConnectWorker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

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

    /**
     * Whether every plugin under {@code pluginDirectories} declares its connectors as services, so that Connect's
     * {@code plugin.discovery=service_load} finds them all without scanning. A plugin is a jar directly in an
     * entry, or a directory there; the Lenses S3 sink, for one, declares none.
     */
    public static boolean allDeclareServices(List<Path> pluginDirectories) {
        for (Path dir : pluginDirectories) {
            try (Stream<Path> plugins = Files.list(dir)) {
                for (Path plugin : plugins.toList()) {
                    boolean isJar = plugin.getFileName().toString().endsWith(".jar");
                    if ((isJar || Files.isDirectory(plugin)) && !declaresServices(plugin, isJar)) {
                        return false;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading plugin directory " + dir, e);
            }
        }
        return true;
    }

    private static boolean declaresServices(Path plugin, boolean isJar) throws IOException {
        if (isJar) {
            return jarDeclaresServices(plugin);
        }
        try (Stream<Path> files = Files.walk(plugin, MAX_DEPTH - 1)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
            return jars.isEmpty() || jars.stream().anyMatch(PluginClasses::jarDeclaresServices);
        }
    }

    private static boolean jarDeclaresServices(Path jar) {
        return ConnectWorker.CONNECTOR_SERVICE_FILES.stream().anyMatch(entry -> holds(jar, entry));
    }

    /**
     * Packs the plugin holding {@code jar} as MSK Connect takes a custom plugin: a zip with the plugin's jars at its
     * root. The plugin is the jar alone when it sits directly in a plugin path entry, else every jar of the
     * directory under that entry which holds it (Connect's own unit of isolation).
     *
     * @return {@code zip}, written anew
     */
    public static Path zip(List<Path> pluginDirectories, Path jar, Path zip) {
        Path entry = pluginDirectories.stream().filter(jar::startsWith).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(jar + " is in none of " + pluginDirectories));
        Path plugin = jar.getParent().equals(entry) ? jar : entry.resolve(entry.relativize(jar).getName(0));
        try (Stream<Path> files = Files.walk(plugin)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            Files.createDirectories(zip.getParent());
            Path partial = zip.resolveSibling(zip.getFileName() + ".part");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (Path j : jars) {
                    // stored, not deflated: jars are compressed already, and a plugin may be a 130 MB fat jar
                    ZipEntry e = new ZipEntry(j.getFileName().toString());
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(Files.size(j));
                    e.setCrc(crc32(j));
                    e.setLastModifiedTime(Files.getLastModifiedTime(j)); // the same plugin packs to the same bytes
                    out.putNextEntry(e);
                    Files.copy(j, out);
                    out.closeEntry();
                }
            }
            return Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("packing the plugin " + plugin + " into " + zip, e);
        }
    }

    private static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    private static boolean holds(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            return false; // not a jar after all: Connect skips it too
        }
    }
}
