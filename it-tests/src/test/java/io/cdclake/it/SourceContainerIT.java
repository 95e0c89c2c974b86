package io.cdclake.it;

import io.cdclake.embedded.KafkaBrokerContainer;
import io.cdclake.embedded.PostgresContainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./cdclake demo --source-container IMAGE} and {@code --kafka-container IMAGE}: the article's walk-through
 * with the source PostgreSQL, or Kafka, from a container image (Testcontainers), through Connect's REST API and
 * through the MSK Connect emulator. Needs a Docker engine and the images ({@code CDCLAKE_POSTGRES_IMAGE}, default
 * {@code local/postgres:15}, and {@code CDCLAKE_KAFKA_IMAGE}, default {@code local/kafka:3.7.2}, built without a
 * registry by {@code docker/postgres/build-image.sh} and {@code docker/kafka/build-image.sh}; .ci/run does all
 * that); without them a case reports itself skipped.
 */
class SourceContainerIT {

    static final String IMAGE = System.getenv().getOrDefault("CDCLAKE_POSTGRES_IMAGE", "local/postgres:15");
    static final String KAFKA_IMAGE = System.getenv().getOrDefault("CDCLAKE_KAFKA_IMAGE", "local/kafka:3.7.2");

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void theArticlesScenariosPassWithTheSourceInAContainer(String via) throws Exception {
        PostgresContainer.notStartableHere(IMAGE).ifPresent(reason -> assumeTrue(false, reason));
        demoPasses(via, "--source-container", IMAGE, "postgres: starting PostgreSQL from container image ");
    }

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void theArticlesScenariosPassWithKafkaInAContainer(String via) throws Exception {
        KafkaBrokerContainer.notStartableHere(KAFKA_IMAGE).ifPresent(reason -> assumeTrue(false, reason));
        demoPasses(via, "--kafka-container", KAFKA_IMAGE, "kafka: starting Kafka from container image ");
    }

    private static void demoPasses(String via, String option, String image, String started) throws Exception {
        try (RunnerProcess demo = RunnerProcess.cli("demo", option, image, "--via", via)) {
            int code = demo.awaitExit(Duration.ofMinutes(8));

            String out = String.join("\n", demo.lines());
            assertThat(code).as(out).isZero();
            assertThat(out)
                    .contains(started + image)
                    .contains("PASS  snapshot of datalake.cdc_events: 829 record(s)")
                    .contains("order-update: PASS", "order-insert: PASS", "PASS: every check passed");
        }
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true).exec())
                .as("the demo removes its container").noneMatch(c -> image.equals(c.getImage()));
    }
}
