package io.cdclake.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
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
 */
class RestartMidStreamIT {

    private static final int CHANGES = 300;
    /**
     * Files stay open long enough for the stop to land while changes are in Kafka and not yet in S3: the first run
     * stops a few seconds after the sink's first write, far from its first flush even on a loaded machine (with 5 s,
     * CI once saw every change flushed before the stop).
     */
    private static final Pipeline SLOW_FLUSH = LocalTargets.withLocalFlushInterval(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "msk.datalake.cdc_events";

    @TempDir
    Path dataDir;

    @Test
    void aRestartInTheMiddleOfAStreamLosesAndRepeatsNothing() throws Exception {
        try (LocalPipeline first = LocalTargets.connectRest(SLOW_FLUSH, dataDir, true, null)) {
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
            assertThat(records(first)).as("stopped before the sink flushed everything").isLessThan(829 + CHANGES);
        }

        try (LocalPipeline second = LocalTargets.connectRest(SLOW_FLUSH, dataDir, false, null)) {
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
