package io.cdclake.embedded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Workers of two groups side by side in this JVM, carrying lines file → Kafka → file with Kafka's FileStream plugins. */
class ConnectWorkerTest {

    @TempDir
    static Path shared;
    static KafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws IOException {
        kafka = KafkaBroker.builder().dataDirectory(shared.resolve("kafka")).start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void twoGroupsRunSideBySideAndARestartedWorkerResumesItsConnectorFromItsOffsets() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "one\ntwo\n");
        Path out = dir.resolve("out.txt");
        int sourcePort;
        try (ConnectWorker sink = worker("beta").start()) {
            try (ConnectWorker source = worker("alpha").internalTopicPrefix("alpha-internal").start()) {
                sourcePort = source.restUrl().getPort();
                assertThat(source.restUrl().toString()).isEqualTo("http://localhost:" + sourcePort);
                ConnectRestClient alpha = new ConnectRestClient(source.restUrl());
                ConnectRestClient beta = new ConnectRestClient(sink.restUrl());
                assertThat(alpha.plugins()).extracting(ConnectRestClient.PluginInfo::className)
                        .contains("org.apache.kafka.connect.file.FileStreamSourceConnector");

                alpha.putConfig("lines-in", Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                        "file", in.toString(), "topic", "lines"));
                beta.putConfig("lines-out", Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                        "file", out.toString(), "topics", "lines"));
                alpha.awaitRunning("lines-in", Duration.ofSeconds(30));
                beta.awaitRunning("lines-out", Duration.ofSeconds(30));
                assertThat(alpha.connectors()).as("each group keeps its own connectors").containsExactly("lines-in");
                assertThat(beta.connectors()).containsExactly("lines-out");
                awaitLines(out, "one", "two");
            }
            assertThat(LocalPorts.accepting(sourcePort)).as("closing releases the REST port").isFalse();
            assertThat(Files.readAllLines(out)).containsExactly("one", "two");

            Files.writeString(in, "three\n", StandardOpenOption.APPEND);
            try (ConnectWorker source = worker("alpha").internalTopicPrefix("alpha-internal").restPort(sourcePort).start()) {
                ConnectRestClient alpha = new ConnectRestClient(source.restUrl());
                assertThat(alpha.connectors()).as("the connector lives in the group's config topic").containsExactly("lines-in");
                alpha.awaitRunning("lines-in", Duration.ofSeconds(30));
                awaitLines(out, "one", "two", "three"); // from the stored offset: nothing read twice
            }
        }
    }

    @Test
    void refusesBadSettingsNamingTheFieldAndTheFix() throws Exception {
        assertThatThrownBy(() -> ConnectWorker.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ConnectWorker: bootstrapServers is not set; give the Kafka cluster's host:port with bootstrapServers(String)");
        Path missing = dir.resolve("no-plugins");
        assertThatThrownBy(() -> worker("gamma").pluginPath(List.of(missing)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin path entry " + missing + " is not a directory");
        assertThatThrownBy(() -> ConnectWorker.builder().restPort(65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restPort 65536 is out of range");
        try (ServerSocket taken = LocalPorts.occupy()) {
            assertThatThrownBy(() -> worker("gamma").restPort(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("ConnectWorker: restPort " + taken.getLocalPort() + " is in use; give another port, or 0 for a free one");
        }
        int nobody = Ports.free();
        assertThatThrownBy(() -> ConnectWorker.builder().bootstrapServers("localhost:" + nobody)
                .startTimeout(Duration.ofSeconds(3)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Kafka broker answered at localhost:" + nobody + " within 3 s");
    }

    private static ConnectWorker.Builder worker(String group) {
        return ConnectWorker.builder().bootstrapServers(kafka.bootstrapServers()).groupId(group);
    }

    private static void awaitLines(Path file, String... lines) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Files.exists(file) ? Files.readAllLines(file) : List.of()).containsExactly(lines));
    }
}
