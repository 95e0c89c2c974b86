package io.cdclake.deploy.plugin;

import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.deploy.preflight.PreflightException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where the plugin zips of a pipeline come from, laid out as MSK Connect wants them (jars at the root):
 * <ul>
 *   <li>Debezium PostgreSQL: its plugin tar.gz, which the build resolves into the local Maven repository (or a file
 *       given instead), repacked as a zip without the archive's top directory;</li>
 *   <li>the built-in KCQL S3 sink: the zip the s3-sink module builds, from the local Maven repository (or a file);</li>
 *   <li>the Lenses S3 sink: a zip from a file or an http(s) URL, accepted only when its SHA-256 matches the
 *       pipeline's.</li>
 * </ul>
 * Repacking is deterministic (stored entries, fixed times), so the same archive always gives the same content hash.
 */
public final class PluginSources {

    /** A Debezium plugin tar.gz to use instead of the local Maven repository's. */
    public static final String DEBEZIUM_ARCHIVE_PROPERTY = "cdclake.debezium.archive";
    /** The built-in sink's zip, instead of the local Maven repository's (the launcher points it at the build). */
    public static final String SINK_ZIP_PROPERTY = "cdclake.sink.zip";

    private static final Properties BUILD = load();
    private static final LocalDateTime ZIP_ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final Path workDir;
    private final Path debeziumArchive;
    private final Path sinkZip;

    /**
     * @param workDir         where repacked and downloaded zips are kept (reused when present)
     * @param debeziumArchive a Debezium plugin tar.gz overriding the local repository's; null for none
     * @param sinkZip         a built-in sink zip overriding the local repository's; null for none
     */
    public PluginSources(Path workDir, Path debeziumArchive, Path sinkZip) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.debeziumArchive = debeziumArchive;
        this.sinkZip = sinkZip;
    }

    /** Overrides from the system properties {@value #DEBEZIUM_ARCHIVE_PROPERTY} and {@value #SINK_ZIP_PROPERTY}. */
    public static PluginSources fromSystemProperties(Path workDir) {
        return fromSystemProperties(workDir, null);
    }

    /** As {@link #fromSystemProperties(Path)}, with a Debezium archive given explicitly (null: the property's). */
    public static PluginSources fromSystemProperties(Path workDir, Path debeziumArchive) {
        return new PluginSources(workDir, debeziumArchive != null ? debeziumArchive : pathProperty(DEBEZIUM_ARCHIVE_PROPERTY),
                pathProperty(SINK_ZIP_PROPERTY));
    }

    /** Debezium PostgreSQL {@code version}'s plugin as a zip with its jars at the root. */
    public PluginArchive debezium(String version) {
        Path tarGz = debeziumArchive != null ? debeziumArchive : localRepository().resolve(Path.of("io", "debezium",
                "debezium-connector-postgres", version, "debezium-connector-postgres-" + version + "-plugin.tar.gz"));
        if (!Files.isRegularFile(tarGz)) {
            throw PreflightException.of("plugin debezium", "Debezium PostgreSQL " + version + "'s plugin archive is not at "
                    + tarGz, "fetch it with 'mvn dependency:get -Dartifact=io.debezium:debezium-connector-postgres:"
                    + version + ":tar.gz:plugin', or give the file with --debezium-archive");
        }
        String tarSha = Digests.sha256(tarGz);
        Path zip = workDir.resolve("debezium-connector-postgres-" + version + "-" + tarSha.substring(0, 12) + ".zip");
        if (!Files.isRegularFile(zip)) {
            repack(tarGz, zip);
        }
        return archive("debezium", zip, "Debezium PostgreSQL " + version + " (" + tarGz.getFileName() + ", repacked with its jars at the root)");
    }

    /** The sink plugin the pipeline names. */
    public PluginArchive sink(SinkPlugin plugin) {
        return plugin.kind() == SinkPluginKind.BUILTIN ? builtInSink() : lenses(plugin);
    }

    private PluginArchive builtInSink() {
        String version = BUILD.getProperty("project.version");
        Path zip = sinkZip != null ? sinkZip : localRepository().resolve(Path.of("io", "cdclake", "cdclake-s3-sink",
                version, "cdclake-s3-sink-" + version + ".zip"));
        if (!Files.isRegularFile(zip)) {
            throw PreflightException.of("plugin sink", "the built-in S3 sink plugin zip is not at " + zip,
                    "build it with 'mvn -pl s3-sink -am install -DskipTests', or set -D" + SINK_ZIP_PROPERTY + "=<zip>");
        }
        return archive("sink", zip, "the built-in KCQL S3 sink (" + zip.getFileName() + ")");
    }

    private PluginArchive lenses(SinkPlugin plugin) {
        String declared = plugin.sha256().toLowerCase(Locale.ROOT);
        Path zip;
        String origin;
        if (plugin.file() != null) {
            zip = Path.of(plugin.file());
            origin = zip.toString();
            if (!Files.isRegularFile(zip)) {
                throw PreflightException.of("plugin sink", "the Lenses S3 sink plugin file " + zip + " does not exist",
                        "download the plugin zip there, or correct msk.plugins.sink.file");
            }
        } else {
            origin = plugin.url();
            zip = workDir.resolve("downloads").resolve(declared).resolve(fileName(plugin.url()));
            if (!Files.isRegularFile(zip)) {
                download(URI.create(plugin.url()), zip);
            }
        }
        String actual = Digests.sha256(zip);
        if (!actual.equals(declared)) {
            throw PreflightException.of("plugin sink", "the Lenses S3 sink plugin from " + origin + " has SHA-256 " + actual
                            + ", not the " + declared + " the pipeline declares",
                    "check that the file is the release you meant (a truncated or tampered download differs), then set"
                            + " msk.plugins.sink.sha256 to the output of 'sha256sum <zip>'");
        }
        return new PluginArchive("sink", zip, actual, size(zip), "the Lenses S3 sink (" + origin + ", sha256 verified)");
    }

    private static String fileName(String url) {
        String path = URI.create(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "plugin.zip" : name;
    }

    private static void download(URI url, Path target) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "download", ".part");
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(partial);
                throw PreflightException.of("plugin sink", "downloading " + url + " answered HTTP " + response.statusCode(),
                        "check msk.plugins.sink.url, or download the zip yourself and give it as msk.plugins.sink.file");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw PreflightException.of("plugin sink", "downloading " + url + " failed: " + e.getMessage(),
                    "check the URL and the network, or download the zip yourself and give it as msk.plugins.sink.file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + url, e);
        }
    }

    /** The tar.gz's files without its top directory, as stored zip entries (jars are compressed already). */
    private void repack(Path tarGz, Path zip) {
        try {
            Files.createDirectories(workDir);
            Path partial = Files.createTempFile(workDir, zip.getFileName().toString(), ".part");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarGz)));
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    String atRoot = name.substring(name.indexOf('/') + 1);
                    if (!entry.isFile() || atRoot.isEmpty()) {
                        continue;
                    }
                    byte[] content = tar.readAllBytes();
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    ZipEntry z = new ZipEntry(atRoot);
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(content.length);
                    z.setCrc(crc.getValue());
                    z.setTimeLocal(ZIP_ENTRY_TIME);
                    out.putNextEntry(z);
                    out.write(content);
                    out.closeEntry();
                }
            }
            Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("repacking " + tarGz + " as " + zip, e);
        }
    }

    private static PluginArchive archive(String role, Path zip, String source) {
        return new PluginArchive(role, zip, Digests.sha256(zip), size(zip), source);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The local Maven repository: Maven's {@code maven.repo.local} when set, else the one the deployer was built
     * with, else {@code ~/.m2/repository} (the jar may run on another machine than the one that built it).
     */
    private static Path localRepository() {
        String explicit = System.getProperty("maven.repo.local");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path built = Path.of(BUILD.getProperty("local.repository"));
        return Files.isDirectory(built) ? built : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Path pathProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = PluginSources.class.getResourceAsStream("/io/cdclake/deploy/plugins.properties")) {
            p.load(Objects.requireNonNull(in, "plugins.properties is missing from the deployer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
