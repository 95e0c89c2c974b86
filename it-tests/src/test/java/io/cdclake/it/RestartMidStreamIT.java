package io.cdclake.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart of the whole runtime while changes are on their way (in Kafka, not yet in S3) loses and repeats
 * nothing: after the restart on the same data dir every change is in S3 exactly once, and there is no new snapshot.
 * When the first run stops, every change is in Kafka and none in S3: its sink's files stay open 10 minutes.
 */
class RestartMidStreamIT {

    private static final int CHANGES = 300;
    /** The pipeline's sink flushes every 5 s: the snapshot lands quickly, and so do the changes after the restart. */
    private static final Pipeline PIPELINE = LocalTargets.withLocalFlushInterval(5);
    private static final String SINK = "northwind-orders-sink";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "msk.datalake.cdc_events";

    @TempDir
    Path dataDir;

    @Test
    void aRestartInTheMiddleOfAStreamLosesAndRepeatsNothing() throws Exception {
        try (LocalPipeline first = LocalTargets.connectRest(PIPELINE, dataDir, true, null)) {
            holdChangesInTheSink(first);
            // Each change gives one order a freight no order had: 20000 + i.
            try (Connection c = first.target().openSourceConnection();
                 PreparedStatement update = c.prepareStatement("UPDATE orders SET freight = ? WHERE order_id = ?")) {
                for (int i = 0; i < CHANGES; i++) {
                    update.setFloat(1, 20000 + i);
                    update.setInt(2, 10248 + i);
                    update.executeUpdate();
                }
            }
            try (TopicInspector topics = new TopicInspector(first.runtime().kafka().bootstrapServers())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> topics.messages(TOPIC) >= 829 + CHANGES);
            }
            assertThat(records(first)).as("stopped with every change in Kafka and none in S3").isEqualTo(829);
        }

        try (LocalPipeline second = LocalTargets.connectRest(PIPELINE, dataDir, false, null)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> records(second) >= 829 + CHANGES);
            try (TopicInspector topics = new TopicInspector(second.runtime().kafka().bootstrapServers())) {
                assertThat(topics.messages(TOPIC)).as("no second snapshot").isEqualTo(829 + CHANGES);
            }
            Map<Integer, Integer> changes = new HashMap<>();
            long total = 0;
            for (JsonNode record : allRecords(second)) {
                total++;
                double freight = JSON.readTree(record.path("shipment").asText()).path("freight").asDouble();
                if (freight >= 20000) {
                    changes.merge((int) freight - 20000, 1, Integer::sum);
                }
            }
            assertThat(changes).as("every change once").hasSize(CHANGES).allSatisfy((i, n) -> assertThat(n).isEqualTo(1));
            assertThat(total).as("snapshot plus changes, nothing twice").isEqualTo(829 + CHANGES);
        }
    }

    /**
     * The running sink's files stay open for 10 minutes from now on (its connector configuration changed through
     * Connect's REST API, as a user would), so the stop lands with the changes in Kafka and not in S3 however slow
     * the machine; the second run applies the pipeline's own 5 s again.
     */
    private static void holdChangesInTheSink(LocalPipeline pipeline) {
        ConnectRestClient connect = new ConnectRestClient(pipeline.runtime().connect().restUrl());
        Map<String, String> config = new HashMap<>(connect.config(SINK).orElseThrow());
        String kcql = config.get("connect.s3.kcql");
        assertThat(kcql).contains("'flush.interval'=5");
        config.put("connect.s3.kcql", kcql.replace("'flush.interval'=5", "'flush.interval'=600"));
        connect.putConfig(SINK, config);
        await().atMost(Duration.ofSeconds(60)).until(() -> connect.status(SINK)
                .filter(s -> s.running() && !s.tasks().isEmpty())
                .isPresent() && connect.config(SINK).orElseThrow().get("connect.s3.kcql").contains("=600"));
    }

    private static long records(LocalPipeline pipeline) {
        return allRecords(pipeline).size();
    }

    private static List<JsonNode> allRecords(LocalPipeline pipeline) {
        List<SinkObject> objects = pipeline.target().listObjects("cdc-events/");
        return objects.stream().flatMap(o -> {
            try {
                return pipeline.target().readObject(o.key()).lines().filter(l -> !l.isBlank()).map(RestartMidStreamIT::parse);
            } catch (RuntimeException gone) {
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
