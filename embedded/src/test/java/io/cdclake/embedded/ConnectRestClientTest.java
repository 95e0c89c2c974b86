package io.cdclake.embedded;

import io.cdclake.embedded.ConnectRestClient.ConnectRestException;
import io.cdclake.embedded.ConnectRestClient.ConnectorStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a real worker, with Kafka's FileStream plugins. */
class ConnectRestClientTest {

    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    @TempDir
    static Path shared;
    static KafkaBroker kafka;
    static ConnectWorker worker;
    static ConnectRestClient rest;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        kafka = KafkaBroker.builder().dataDirectory(shared.resolve("kafka")).start();
        worker = ConnectWorker.builder().bootstrapServers(kafka.bootstrapServers()).groupId("rest-client").start();
        rest = new ConnectRestClient(worker.restUrl());
    }

    @AfterAll
    static void stop() {
        worker.close();
        kafka.close();
    }

    @Test
    void listsPluginsAndValidatesAConfigurationPerField() {
        assertThat(rest.plugins()).anySatisfy(p -> {
            assertThat(p.className()).isEqualTo(SINK);
            assertThat(p.type()).isEqualTo("sink");
            assertThat(p.version()).isNotBlank();
        });

        ConnectRestClient.Validation invalid = rest.validate(SINK, Map.of("name", "checked", "file", dir.resolve("x").toString()));
        assertThat(invalid.errorCount()).isPositive();
        assertThat(invalid.errors()).containsKey("topics");
        assertThat(invalid.errors().get("topics")).anySatisfy(e -> assertThat(e).contains("topics.regex"));

        ConnectRestClient.Validation valid = rest.validate(SINK, Map.of("name", "checked", "file", dir.resolve("x").toString(),
                "topics", "t"));
        assertThat(valid.errors()).isEmpty();
        assertThat(valid.errorCount()).isZero();
    }

    @Test
    void createsUpdatesPausesResumesRestartsAndDeletesAConnector() throws IOException {
        Path file = Files.writeString(dir.resolve("in.txt"), "a\n");
        Map<String, String> config = new LinkedHashMap<>(Map.of("connector.class", SOURCE, "file", file.toString(),
                "topic", "lifecycle"));
        rest.putConfig("lifecycle", config);
        ConnectorStatus running = rest.awaitRunning("lifecycle", Duration.ofSeconds(30));
        assertThat(running.name()).isEqualTo("lifecycle");
        assertThat(running.tasks()).hasSize(1);
        assertThat(running.tasks().get(0).workerId()).isEqualTo("localhost:" + worker.restUrl().getPort());
        assertThat(rest.config("lifecycle")).hasValueSatisfying(c -> assertThat(c).containsAllEntriesOf(config));

        config.put("batch.size", "7");
        rest.putConfig("lifecycle", config);
        assertThat(rest.config("lifecycle")).hasValueSatisfying(c -> assertThat(c).containsEntry("batch.size", "7"));

        rest.pause("lifecycle");
        awaitState("lifecycle", "PAUSED");
        rest.resume("lifecycle");
        awaitState("lifecycle", "RUNNING");
        rest.restart("lifecycle");
        rest.awaitRunning("lifecycle", Duration.ofSeconds(30));

        rest.delete("lifecycle");
        assertThat(rest.connectors()).doesNotContain("lifecycle");
        assertThat(rest.config("lifecycle")).isEmpty();
        // Connect forgets the status a moment after the configuration.
        await().atMost(Duration.ofSeconds(10)).until(() -> rest.status("lifecycle").isEmpty());
        rest.delete("lifecycle"); // deleting what is gone is no error
    }

    @Test
    void connectsRefusalsBecomeExceptionsCarryingConnectsMessage() {
        assertThatThrownBy(() -> rest.putConfig("nope", Map.of("connector.class", "com.example.NoSuchConnector")))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessageContaining("PUT /connectors/nope/config -> HTTP 500")
                .hasMessageContaining("Failed to find any class that implements Connector and which name matches"
                        + " com.example.NoSuchConnector");
        assertThatThrownBy(() -> rest.pause("nope"))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("PUT /connectors/nope/pause -> HTTP 404: Unknown connector nope");
        assertThat(rest.connectors()).doesNotContain("nope");
    }

    @Test
    void awaitRunningFailsWithTheFailedTasksTraceAndRootCause() {
        Path unwritable = dir.resolve("no-such-dir").resolve("out.txt");
        rest.putConfig("broken", Map.of("connector.class", SINK, "file", unwritable.toString(), "topics", "broken"));
        try {
            assertThatThrownBy(() -> rest.awaitRunning("broken", Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ConnectRestException.class, e -> assertThat(e.trace())
                            .hasValueSatisfying(t -> assertThat(t).contains("FileStreamSinkTask.start")))
                    .hasMessageStartingWith("connector broken: task 0 failed: org.apache.kafka.connect.errors.ConnectException:"
                            + " Couldn't find or create file '" + unwritable + "' for FileStreamSinkTask")
                    .hasMessageContaining("; caused by java.nio.file.NoSuchFileException: " + unwritable);
        } finally {
            rest.delete("broken");
        }
    }

    @Test
    void awaitRunningNamesTheStateReachedWhenTimeRunsOut() {
        assertThatThrownBy(() -> rest.awaitRunning("never-created", Duration.ofMillis(500)))
                .isInstanceOf(ConnectRestException.class)
                .hasMessage("connector never-created did not run within 500 ms: it does not exist");
    }

    @Test
    void saysWhenNoWorkerAnswers() {
        ConnectRestClient nobody = new ConnectRestClient(URI.create("http://localhost:" + Ports.free()));
        assertThatThrownBy(nobody::connectors).isInstanceOf(ConnectRestException.class)
                .hasMessageEndingWith("does not answer (connection refused)");
        assertThatThrownBy(() -> nobody.awaitReady(Duration.ofSeconds(1))).isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("was not ready within 1 s");
    }

    private static void awaitState(String name, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rest.status(name)).hasValueSatisfying(s -> {
            assertThat(s.connector().state()).isEqualTo(state);
            assertThat(s.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo(state));
        }));
    }
}
