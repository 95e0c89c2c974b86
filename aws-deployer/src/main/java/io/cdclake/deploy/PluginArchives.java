package io.cdclake.deploy;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The plugin zips a pipeline deploys, laid out as MSK Connect wants them: jars at the root of the zip. Debezium's
 * plugin archive comes from the local Maven repository (the build resolves it from Maven Central) and is repacked
 * from its tar.gz; the built-in sink zip comes from the build.
 */
public final class PluginArchives {

    /** Overrides where the built-in sink's zip is (the launcher and the tests point it at the build's output). */
    public static final String SINK_ZIP_PROPERTY = "cdclake.sink.zip";

    private static final Properties BUILD = load();

    private PluginArchives() {
    }

    /** Debezium PostgreSQL {@code version}'s plugin, repacked as a zip with its jars at the root, under {@code workDir}. */
    public static Path debeziumZip(String version, Path workDir) {
        Path tarGz = Path.of(BUILD.getProperty("local.repository"), "io", "debezium", "debezium-connector-postgres",
                version, "debezium-connector-postgres-" + version + "-plugin.tar.gz");
        if (!Files.isRegularFile(tarGz)) {
            throw new IllegalStateException("Debezium's plugin archive " + version + " is not in the local Maven repository ("
                    + tarGz + "); fetch it with: mvn dependency:get -Dartifact=io.debezium:debezium-connector-postgres:"
                    + version + ":tar.gz:plugin");
        }
        Path zip = workDir.resolve("debezium-connector-postgres-" + version + ".zip");
        try {
            Files.createDirectories(workDir);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarGz)));
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    // The archive holds debezium-connector-postgres/<files>: drop that directory.
                    String name = entry.getName();
                    String atRoot = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
                    ZipEntry z = new ZipEntry(atRoot);
                    z.setTime(entry.getModTime().getTime());
                    out.putNextEntry(z);
                    tar.transferTo(out);
                    out.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("repacking " + tarGz + " as " + zip, e);
        }
    }

    /** The project's own KCQL S3 sink plugin zip. */
    public static Path builtInSinkZip() {
        String override = System.getProperty(SINK_ZIP_PROPERTY);
        String version = BUILD.getProperty("project.version");
        Path zip = override != null ? Path.of(override) : Path.of(BUILD.getProperty("local.repository"), "io", "cdclake",
                "cdclake-s3-sink", version, "cdclake-s3-sink-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("the built-in S3 sink plugin zip is missing at " + zip
                    + "; build it with 'mvn -pl s3-sink -am install' or set -D" + SINK_ZIP_PROPERTY + "=<zip>");
        }
        return zip;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = PluginArchives.class.getResourceAsStream("plugins.properties")) {
            p.load(Objects.requireNonNull(in, "plugins.properties is missing from the deployer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
