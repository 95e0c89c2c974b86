package io.cdclake.deploy.plugin;

import com.sun.net.httpserver.HttpServer;
import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.deploy.PluginZips;
import io.cdclake.deploy.preflight.PreflightException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin zips as MSK Connect takes them: jars at the root, named by content, checked against their SHA-256. */
class PluginSourcesTest {

    private static final String DEBEZIUM = "2.7.4.Final";
    private static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

    @TempDir
    Path dir;

    @Test
    void debeziumsArchiveIsRepackedWithItsJarsAtTheRootTheSameWayEveryTime() throws IOException {
        PluginArchive first = PluginSources.fromSystemProperties(dir.resolve("a")).debezium(DEBEZIUM);
        PluginArchive second = PluginSources.fromSystemProperties(dir.resolve("b")).debezium(DEBEZIUM);

        assertThat(second.sha256()).as("content hash of a repack in another directory").isEqualTo(first.sha256());
        assertThat(first.key("msk-connect/plugins")).isEqualTo("msk-connect/plugins/" + first.sha256() + "/" + first.zip().getFileName());
        try (ZipFile zip = new ZipFile(first.zip().toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("debezium-connector-postgres-" + DEBEZIUM + ".jar").noneMatch(n -> n.startsWith("debezium-connector-postgres/"));
        }
        ZipLayout layout = ZipLayout.inspect(first.zip(), List.of(POSTGRES_CONNECTOR));
        assertThat(layout.rootJars()).contains("debezium-core-" + DEBEZIUM + ".jar", "debezium-connector-postgres-" + DEBEZIUM + ".jar");
        assertThat(ZipLayout.javaRelease(layout.classVersions().get(POSTGRES_CONNECTOR))).isEqualTo(11);
    }

    /** Debezium's plugin by coordinate where there is no local Maven repository: from a repository, by its checksum. */
    @Test
    void debeziumByCoordinateIsDownloadedOnceAndAcceptedOnlyWithThePinnedChecksum() throws IOException {
        String path = "/io/debezium/debezium-connector-postgres/" + DEBEZIUM + "/debezium-connector-postgres-" + DEBEZIUM + "-plugin.tar.gz";
        try (Repository repo = new Repository()) {
            repo.files.put(path, Files.readAllBytes(localArchive()));
            PluginArchive first = repo.sources(dir.resolve("a")).debezium(DEBEZIUM);
            PluginArchive again = repo.sources(dir.resolve("a")).debezium(DEBEZIUM);

            assertThat(first.source()).contains("io.debezium:debezium-connector-postgres:" + DEBEZIUM + ":tar.gz:plugin from "
                    + repo.url(), "sha256 verified", "repacked with its jars at the root");
            assertThat(again.sha256()).isEqualTo(first.sha256());
            assertThat(repo.requests).containsExactly(path);
            assertThat(ZipLayout.inspect(first.zip(), List.of(POSTGRES_CONNECTOR)).classVersions()).containsKey(POSTGRES_CONNECTOR);

            repo.files.put(path, tarGz("debezium-connector-postgres/tampered.jar"));
            assertThatThrownBy(() -> repo.sources(dir.resolve("b")).debezium(DEBEZIUM))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("this deployer was built with")
                    .hasMessageContaining("not the " + Digests.sha256(localArchive()));
        }
    }

    @Test
    void anotherDebeziumVersionIsCheckedAgainstTheRepositorysPublishedSha1() throws IOException {
        try (Repository repo = new Repository()) {
            byte[] archive = tarGz("debezium-connector-postgres/debezium-core-2.7.9.Final.jar");
            String base = "/io/debezium/debezium-connector-postgres/";
            repo.files.put(base + "2.7.9.Final/debezium-connector-postgres-2.7.9.Final-plugin.tar.gz", archive);
            Path saved = Files.write(dir.resolve("archive.tar.gz"), archive);
            repo.files.put(base + "2.7.9.Final/debezium-connector-postgres-2.7.9.Final-plugin.tar.gz.sha1",
                    (Digests.sha1(saved) + "\n").getBytes());
            repo.files.put(base + "2.7.8.Final/debezium-connector-postgres-2.7.8.Final-plugin.tar.gz", archive);

            PluginArchive checked = repo.sources(dir.resolve("w")).debezium("2.7.9.Final");
            assertThat(checked.source()).contains("SHA-1 matches the repository's");
            try (ZipFile zip = new ZipFile(checked.zip().toFile())) {
                assertThat(Collections.list(zip.entries())).extracting(ZipEntry::getName).containsExactly("debezium-core-2.7.9.Final.jar");
            }
            assertThatThrownBy(() -> repo.sources(dir.resolve("w")).debezium("2.7.8.Final"))
                    .hasMessageContaining("there is no checksum to check io.debezium:debezium-connector-postgres:2.7.8.Final:tar.gz:plugin against")
                    .hasMessageContaining("give its SHA-256 with --debezium-sha256");
            assertThatThrownBy(() -> repo.sources(dir.resolve("w")).debezium("2.7.0.Final"))
                    .hasMessageContaining("answered HTTP 404")
                    .hasMessageContaining("--debezium-archive FILE|URL|s3://BUCKET/KEY");
        }
    }

    @Test
    void aDebeziumArchiveTheUserGivesIsTakenFromAFileOrFromAUrlWithItsChecksum() throws IOException {
        Path tar = Files.write(dir.resolve("debezium-with-providers.tar.gz"), tarGz("debezium-connector-postgres/msk-config-providers.jar"));
        try (Repository repo = new Repository()) {
            repo.files.put("/mirror/debezium-with-providers.tar.gz", Files.readAllBytes(tar));
            String url = repo.url() + "mirror/debezium-with-providers.tar.gz";

            PluginArchive file = PluginSources.builder().workDir(dir.resolve("w")).debezium(PluginLocation.parse(tar.toString()), null)
                    .build().debezium(DEBEZIUM);
            PluginArchive fetched = PluginSources.builder().workDir(dir.resolve("w"))
                    .debezium(PluginLocation.parse(url), Digests.sha256(tar).toUpperCase()).build().debezium(DEBEZIUM);

            assertThat(file.source()).contains(tar.toString(), "repacked");
            assertThat(fetched.source()).contains(url, "sha256 verified");
            assertThat(fetched.sha256()).isEqualTo(file.sha256());
            assertThatThrownBy(() -> PluginSources.builder().workDir(dir.resolve("w")).debezium(PluginLocation.parse(url), null)
                    .build().debezium(DEBEZIUM)).hasMessageContaining("give its SHA-256 with --debezium-sha256");
            assertThatThrownBy(() -> PluginSources.builder().workDir(dir.resolve("w"))
                    .debezium(PluginLocation.parse(dir.resolve("none.tar.gz").toString()), null).build().debezium(DEBEZIUM))
                    .hasMessageContaining("Debezium's plugin archive " + dir.resolve("none.tar.gz") + " does not exist");
            Path zip = PluginZips.zip(dir.resolve("debezium.zip"), "", POSTGRES_CONNECTOR, 55);
            PluginArchive asIs = PluginSources.builder().workDir(dir.resolve("w")).debezium(PluginLocation.parse(zip.toString()), null)
                    .build().debezium(DEBEZIUM);
            assertThat(asIs.zip()).isEqualTo(zip);
        }
    }

    @Test
    void theBuiltInSinkZipHoldsItsConnectorInAJarAtTheRoot() throws IOException {
        PluginArchive sink = PluginSources.fromSystemProperties(dir).sink(SinkPlugin.BUILT_IN);

        ZipLayout layout = ZipLayout.inspect(sink.zip(), List.of("io.cdclake.s3sink.S3SinkConnector"));
        assertThat(layout.rootJars()).isNotEmpty();
        assertThat(ZipLayout.javaRelease(layout.classVersions().get("io.cdclake.s3sink.S3SinkConnector"))).isEqualTo(11);
    }

    @Test
    void aLensesZipFromAUrlIsDownloadedOnceAndAcceptedOnlyWithItsChecksum() throws IOException {
        Path zip = PluginZips.zip(dir.resolve("served.zip"), "", PluginZips.LENSES_CONNECTOR, 55);
        AtomicInteger downloads = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/releases/kafka-connect-aws-s3-7.4.1.zip", exchange -> {
            downloads.incrementAndGet();
            byte[] body = Files.readAllBytes(zip);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/releases/kafka-connect-aws-s3-7.4.1.zip";
            PluginSources sources = PluginSources.fromSystemProperties(dir.resolve("work"));
            String sha = Digests.sha256(zip);

            PluginArchive lenses = sources.sink(new SinkPlugin(SinkPluginKind.LENSES, null, url, sha.toUpperCase()));
            PluginArchive again = sources.sink(new SinkPlugin(SinkPluginKind.LENSES, null, url, sha));

            assertThat(lenses.sha256()).isEqualTo(sha);
            assertThat(lenses.zip().getFileName().toString()).isEqualTo("kafka-connect-aws-s3-7.4.1.zip");
            assertThat(again.zip()).isEqualTo(lenses.zip());
            assertThat(downloads).hasValue(1);
            String wrong = "ab".repeat(32);
            assertThatThrownBy(() -> sources.sink(new SinkPlugin(SinkPluginKind.LENSES, null, url, wrong)))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("has SHA-256 " + sha + ", not the " + wrong + " the pipeline declares");
            assertThatThrownBy(() -> sources.sink(new SinkPlugin(SinkPluginKind.LENSES, null, url.replace("7.4.1", "0.0.0"), wrong)))
                    .hasMessageContaining("answered HTTP 404");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aMissingLensesFileIsNamed() {
        assertThatThrownBy(() -> PluginSources.fromSystemProperties(dir).sink(new SinkPlugin(SinkPluginKind.LENSES,
                dir.resolve("nowhere.zip").toString(), null, "ab".repeat(32))))
                .hasMessageContaining("the Lenses S3 sink plugin file " + dir.resolve("nowhere.zip") + " does not exist");
    }

    @Test
    void zipLayoutTellsJarsInADirectoryFromJarsAtTheRoot() throws IOException {
        Path nested = PluginZips.zip(dir.resolve("nested.zip"), "plugin/lib/", PluginZips.LENSES_CONNECTOR, 61);
        Path flat = PluginZips.zip(dir.resolve("flat.zip"), "", PluginZips.LENSES_CONNECTOR, 61);

        assertThat(ZipLayout.inspect(nested, List.of(PluginZips.LENSES_CONNECTOR)).nestedJarDirs()).containsExactly("plugin/lib/");
        ZipLayout layout = ZipLayout.inspect(flat, List.of(PluginZips.LENSES_CONNECTOR));
        assertThat(layout.rootJars()).containsExactly("kafka-connect-aws-s3.jar");
        assertThat(ZipLayout.javaRelease(layout.classVersions().get(PluginZips.LENSES_CONNECTOR))).isEqualTo(17);
        Files.writeString(dir.resolve("not.zip"), "hello");
        assertThatThrownBy(() -> ZipLayout.inspect(dir.resolve("not.zip"), List.of())).hasMessageContaining("not.zip is not a zip archive");
    }

    private static Path localArchive() {
        String local = System.getProperty("maven.repo.local");
        Path repository = local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return repository.resolve("io/debezium/debezium-connector-postgres/" + DEBEZIUM + "/debezium-connector-postgres-"
                + DEBEZIUM + "-plugin.tar.gz");
    }

    /** A plugin tar.gz as Debezium packs it: the files under one top directory. */
    private static byte[] tarGz(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (String name : names) {
                byte[] content = ("content of " + name).getBytes();
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A Maven repository over http: the files it serves by path, and the paths asked for. */
    private static final class Repository implements AutoCloseable {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final HttpServer http;

        Repository() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body = files.get(path);
                if (!path.endsWith(".sha1")) {
                    requests.add(path);
                }
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        }

        /** Plugin sources with this repository and no local one. */
        PluginSources sources(Path workDir) {
            return PluginSources.builder().workDir(workDir).mavenRepository(URI.create(url())).build();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
