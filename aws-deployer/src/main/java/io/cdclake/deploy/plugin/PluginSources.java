package io.cdclake.deploy.plugin;

import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.deploy.preflight.PreflightException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where the plugin zips of a pipeline come from, laid out as MSK Connect wants them (jars at the root):
 * <ul>
 *   <li>Debezium PostgreSQL: its plugin tar.gz by Maven coordinate ({@code io.debezium:debezium-connector-postgres:
 *       <version>:tar.gz:plugin}), from the local Maven repository when it is there, else downloaded from Maven
 *       Central, and accepted only with the checksum this deployer was built with (another version: the one given,
 *       or the repository's published SHA-1); or a tar.gz or zip the user gives as a file, URL or S3 location;
 *       a tar.gz is repacked as a zip without the archive's top directory;</li>
 *   <li>the built-in KCQL S3 sink: the zip the deployer carries (or a file given instead);</li>
 *   <li>the Lenses S3 sink: a zip from a file or an http(s) URL, accepted only when its SHA-256 matches the
 *       pipeline's.</li>
 * </ul>
 * Repacking is deterministic (stored entries, fixed times), so the same archive always gives the same content hash.
 */
public final class PluginSources {

    /** Debezium's plugin (file, URL or s3://bucket/key) to use instead of the Maven coordinate's. */
    public static final String DEBEZIUM_ARCHIVE_PROPERTY = "cdclake.debezium.archive";
    /** The built-in sink's zip, instead of the one the deployer carries (e.g. one just built). */
    public static final String SINK_ZIP_PROPERTY = "cdclake.sink.zip";
    /** The Maven repository Debezium's archive is downloaded from (a mirror); default Maven Central. */
    public static final String MAVEN_REPOSITORY_PROPERTY = "cdclake.maven.repository";
    public static final URI MAVEN_CENTRAL = URI.create("https://repo1.maven.org/maven2/");

    private static final Properties BUILD = load();
    private static final String CARRIED_SINK = "/io/cdclake/deploy/plugins/cdclake-s3-sink-" + BUILD.getProperty("project.version") + ".zip";
    private static final LocalDateTime ZIP_ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final Path workDir;
    private final PluginLocation debezium;
    private final String debeziumSha256;
    private final Path sinkZip;
    private final URI mavenRepository;
    private final Path localRepository;
    private final Consumer<String> progress;
    private final PluginDownloads downloads;

    private PluginSources(Builder b) {
        this.workDir = Objects.requireNonNull(b.workDir, "workDir");
        this.debezium = b.debezium;
        this.debeziumSha256 = b.debeziumSha256 == null ? null : b.debeziumSha256.toLowerCase(Locale.ROOT);
        this.sinkZip = b.sinkZip;
        this.mavenRepository = b.mavenRepository.toString().endsWith("/") ? b.mavenRepository : URI.create(b.mavenRepository + "/");
        this.localRepository = b.localRepository;
        this.progress = b.progress;
        this.downloads = new PluginDownloads(b.progress, b.s3);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the system properties' overrides ({@value #DEBEZIUM_ARCHIVE_PROPERTY}, {@value #SINK_ZIP_PROPERTY},
     * {@value #MAVEN_REPOSITORY_PROPERTY}) and the local Maven repository ({@code maven.repo.local}, else
     * {@code ~/.m2/repository}).
     */
    public static Builder fromSystemProperties() {
        Builder b = builder();
        String debezium = System.getProperty(DEBEZIUM_ARCHIVE_PROPERTY);
        if (debezium != null && !debezium.isBlank()) {
            b.debezium(PluginLocation.parse(debezium), null);
        }
        String sink = System.getProperty(SINK_ZIP_PROPERTY);
        if (sink != null && !sink.isBlank()) {
            b.sinkZip(Path.of(sink));
        }
        String repository = System.getProperty(MAVEN_REPOSITORY_PROPERTY);
        if (repository != null && !repository.isBlank()) {
            b.mavenRepository(URI.create(repository));
        }
        String local = System.getProperty("maven.repo.local");
        return b.localRepository(local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /** {@link #fromSystemProperties()} for {@code workDir}. */
    public static PluginSources fromSystemProperties(Path workDir) {
        return fromSystemProperties().workDir(workDir).build();
    }

    /** The Debezium version this deployer was built with (whose archive checksum it knows). */
    public static String builtDebeziumVersion() {
        return BUILD.getProperty("debezium.version");
    }

    /** Debezium PostgreSQL {@code version}'s plugin as a zip with its jars at the root. */
    public PluginArchive debezium(String version) {
        if (debezium != null) {
            return userDebezium(version);
        }
        String file = "debezium-connector-postgres-" + version + "-plugin.tar.gz";
        String path = "io/debezium/debezium-connector-postgres/" + version + "/" + file;
        String coordinate = "io.debezium:debezium-connector-postgres:" + version + ":tar.gz:plugin";
        String expected = debeziumSha256 != null ? debeziumSha256
                : version.equals(builtDebeziumVersion()) ? BUILD.getProperty("debezium.plugin.sha256") : null;
        Path local = localRepository == null ? null : localRepository.resolve(path);
        Path tarGz;
        String from;
        if (local != null && Files.isRegularFile(local)) {
            tarGz = local;
            from = "the local Maven repository";
        } else {
            tarGz = workDir.resolve("downloads").resolve(file);
            from = mavenRepository.equals(MAVEN_CENTRAL) ? "Maven Central" : mavenRepository.toString();
            if (!Files.isRegularFile(tarGz) || expected != null && !Digests.sha256(tarGz).equals(expected)) {
                downloads.http(mavenRepository.resolve(path), tarGz, "plugin debezium", "give Debezium's plugin archive"
                        + " with --debezium-archive FILE|URL|s3://BUCKET/KEY (" + file + " from Maven Central)");
            }
        }
        String checked;
        if (expected != null) {
            String actual = Digests.sha256(tarGz);
            if (!actual.equals(expected)) {
                throw PreflightException.of("plugin debezium", coordinate + " from " + from + " has SHA-256 " + actual
                                + ", not the " + expected + (debeziumSha256 != null ? " given" : " this deployer was built with"),
                        "delete that file (a truncated or tampered download differs) and run again, or give the archive you"
                                + " trust with --debezium-archive and its --debezium-sha256");
            }
            checked = "sha256 verified";
        } else {
            checked = sha1Checked(tarGz, mavenRepository.resolve(path + ".sha1"), coordinate);
        }
        return repacked(version, tarGz, "Debezium PostgreSQL " + version + " (" + coordinate + " from " + from + ", "
                + checked + "; repacked with its jars at the root)");
    }

    /** A version the deployer has no checksum for: the repository's published SHA-1, the one Maven itself checks. */
    private String sha1Checked(Path tarGz, URI sha1Url, String coordinate) {
        String published = downloads.text(sha1Url);
        String sha1 = published == null ? "" : published.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (sha1.isEmpty()) {
            throw PreflightException.of("plugin debezium", "there is no checksum to check " + coordinate + " against: this"
                            + " deployer knows only " + builtDebeziumVersion() + "'s, and " + sha1Url + " is not there",
                    "give its SHA-256 with --debezium-sha256, or use debeziumVersion: " + builtDebeziumVersion());
        }
        String actual = Digests.sha1(tarGz);
        if (!actual.equals(sha1)) {
            throw PreflightException.of("plugin debezium", coordinate + " has SHA-1 " + actual + ", not the " + sha1
                    + " the repository publishes", "delete " + tarGz.getFileName() + " from the work directory and run again");
        }
        return "SHA-1 matches the repository's";
    }

    private PluginArchive userDebezium(String version) {
        String check = "plugin debezium";
        Path archive = switch (debezium.kind()) {
            case FILE -> {
                if (!Files.isRegularFile(debezium.file())) {
                    throw PreflightException.of(check, "Debezium's plugin archive " + debezium + " does not exist",
                            "correct --debezium-archive, or leave it out to fetch " + version + " from Maven Central");
                }
                yield debezium.file();
            }
            case URL -> {
                if (debeziumSha256 == null) {
                    throw PreflightException.of(check, "Debezium's plugin archive from " + debezium + " has no checksum to be"
                            + " checked against", "give its SHA-256 with --debezium-sha256 (sha256sum of the file you trust)");
                }
                Path target = workDir.resolve("downloads").resolve(debeziumSha256).resolve(debezium.fileName());
                if (!Files.isRegularFile(target)) {
                    downloads.http(debezium.uri(), target, check, "download it yourself and give the file with --debezium-archive");
                }
                yield target;
            }
            case S3 -> {
                Path target = workDir.resolve("downloads").resolve("s3").resolve(debezium.bucket()).resolve(debezium.key());
                downloads.s3(debezium, target, check);
                yield target;
            }
        };
        String checked = "";
        if (debeziumSha256 != null) {
            String actual = Digests.sha256(archive);
            if (!actual.equals(debeziumSha256)) {
                throw PreflightException.of(check, "Debezium's plugin archive from " + debezium + " has SHA-256 " + actual
                        + ", not the " + debeziumSha256 + " given", "check that it is the archive you meant, then give"
                        + " --debezium-sha256 the output of 'sha256sum <file>'");
            }
            checked = ", sha256 verified";
        }
        String name = debezium.fileName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return archive("debezium", archive, "Debezium PostgreSQL plugin zip " + debezium + checked);
        }
        if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz")) {
            throw PreflightException.of(check, "Debezium's plugin archive " + debezium + " is neither a .tar.gz nor a .zip",
                    "give Debezium's plugin tar.gz (" + "debezium-connector-postgres-" + version + "-plugin.tar.gz) or a zip"
                            + " with the plugin's jars at its root");
        }
        return repacked(version, archive, "Debezium PostgreSQL plugin " + debezium + checked + ", repacked with its jars at the root");
    }

    private PluginArchive repacked(String version, Path tarGz, String source) {
        String tarSha = Digests.sha256(tarGz);
        Path zip = workDir.resolve("debezium-connector-postgres-" + version + "-" + tarSha.substring(0, 12) + ".zip");
        if (!Files.isRegularFile(zip)) {
            progress.accept("repacking " + tarGz.getFileName() + " as a zip with its jars at the root");
            repack(tarGz, zip);
        }
        return archive("debezium", zip, source);
    }

    /** The sink plugin the pipeline names. */
    public PluginArchive sink(SinkPlugin plugin) {
        return plugin.kind() == SinkPluginKind.BUILTIN ? builtInSink() : lenses(plugin);
    }

    private PluginArchive builtInSink() {
        if (sinkZip != null) {
            if (!Files.isRegularFile(sinkZip)) {
                throw PreflightException.of("plugin sink", "the built-in S3 sink plugin zip " + sinkZip + " given with -D"
                        + SINK_ZIP_PROPERTY + " does not exist", "build it (mvn -pl s3-sink -am package), or leave -D"
                        + SINK_ZIP_PROPERTY + " out to use the one the deployer carries");
            }
            return archive("sink", sinkZip, "the built-in KCQL S3 sink (" + sinkZip.getFileName() + ")");
        }
        String version = BUILD.getProperty("project.version");
        String name = "cdclake-s3-sink-" + version + ".zip";
        try (InputStream in = PluginSources.class.getResourceAsStream(CARRIED_SINK)) {
            if (in == null) {
                throw PreflightException.of("plugin sink", "this deployer was built without the built-in S3 sink plugin zip",
                        "build it with 'mvn -pl aws-deployer -am package', or give the zip with -D" + SINK_ZIP_PROPERTY + "=<zip>");
            }
            Files.createDirectories(workDir);
            Path partial = Files.createTempFile(workDir, name, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Path zip = workDir.resolve("cdclake-s3-sink").resolve(Digests.sha256(partial)).resolve(name);
            if (Files.isRegularFile(zip)) {
                Files.delete(partial);
            } else {
                Files.createDirectories(zip.getParent());
                Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            return archive("sink", zip, "the built-in KCQL S3 sink " + version + " (" + name + ", carried in the deployer)");
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking the built-in S3 sink plugin zip into " + workDir, e);
        }
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
            PluginLocation url = PluginLocation.parse(plugin.url());
            zip = workDir.resolve("downloads").resolve(declared).resolve(url.fileName().equals("plugin") ? "plugin.zip" : url.fileName());
            if (!Files.isRegularFile(zip)) {
                downloads.http(url.uri(), zip, "plugin sink",
                        "check msk.plugins.sink.url, or download the zip yourself and give it as msk.plugins.sink.file");
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

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = PluginSources.class.getResourceAsStream("/io/cdclake/deploy/plugins.properties")) {
            p.load(Objects.requireNonNull(in, "plugins.properties is missing from the deployer"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Where plugins come from; every setting has a default but the work directory. */
    public static final class Builder {
        private Path workDir;
        private PluginLocation debezium;
        private String debeziumSha256;
        private Path sinkZip;
        private URI mavenRepository = MAVEN_CENTRAL;
        private Path localRepository;
        private Consumer<String> progress = line -> { };
        private S3Client s3;

        private Builder() {
        }

        /** Where repacked and downloaded zips are kept (reused when present). Required. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /**
         * Debezium's plugin from here instead of its Maven coordinate (null: the coordinate), checked against
         * {@code sha256} when given (required for a URL).
         */
        public Builder debezium(PluginLocation location, String sha256) {
            if (location != null) {
                this.debezium = location;
            }
            this.debeziumSha256 = sha256;
            return this;
        }

        /** The built-in sink's zip instead of the one the deployer carries. */
        public Builder sinkZip(Path sinkZip) {
            this.sinkZip = sinkZip;
            return this;
        }

        /** The Maven repository to download Debezium's archive from (default Maven Central). */
        public Builder mavenRepository(URI mavenRepository) {
            this.mavenRepository = Objects.requireNonNull(mavenRepository);
            return this;
        }

        /** A local Maven repository to take Debezium's archive from when it is there (null: none). */
        public Builder localRepository(Path localRepository) {
            this.localRepository = localRepository;
            return this;
        }

        /** Receives a line per download and repack. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** For Debezium archives at {@code s3://} locations. */
        public Builder s3(S3Client s3) {
            this.s3 = s3;
            return this;
        }

        public PluginSources build() {
            return new PluginSources(this);
        }
    }
}
