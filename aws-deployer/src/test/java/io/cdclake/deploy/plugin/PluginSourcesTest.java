package io.cdclake.deploy.plugin;

import com.sun.net.httpserver.HttpServer;
import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.deploy.PluginZips;
import io.cdclake.deploy.preflight.PreflightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
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

    @Test
    void aDebeziumVersionThatIsNotInTheLocalRepositorySaysHowToFetchIt() {
        assertThatThrownBy(() -> PluginSources.fromSystemProperties(dir).debezium("2.7.9.Final"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("Debezium PostgreSQL 2.7.9.Final's plugin archive is not at")
                .hasMessageContaining("mvn dependency:get -Dartifact=io.debezium:debezium-connector-postgres:2.7.9.Final:tar.gz:plugin");
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
}
