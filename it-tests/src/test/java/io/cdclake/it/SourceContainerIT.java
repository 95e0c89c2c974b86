package io.cdclake.it;

import io.cdclake.embedded.PostgresContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./cdclake demo --source-container IMAGE}: the article's walk-through with the source PostgreSQL from a
 * container image (Testcontainers), through Connect's REST API and through the MSK Connect emulator. Needs a Docker
 * engine and the image ({@code CDCLAKE_POSTGRES_IMAGE}, default {@code local/postgres:15}, built without a
 * registry by {@code docker/postgres/build-image.sh}; .ci/run does both); without them it reports itself skipped.
 */
class SourceContainerIT {

    static final String IMAGE = System.getenv().getOrDefault("CDCLAKE_POSTGRES_IMAGE", "local/postgres:15");

    @BeforeAll
    static void requireDockerAndTheImage() {
        PostgresContainer.notStartableHere(IMAGE).ifPresent(reason -> assumeTrue(false, reason));
    }

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void theArticlesScenariosPassWithTheSourceInAContainer(String via) throws Exception {
        try (RunnerProcess demo = RunnerProcess.cli("demo", "--source-container", IMAGE, "--via", via)) {
            int code = demo.awaitExit(Duration.ofMinutes(8));

            String out = String.join("\n", demo.lines());
            assertThat(code).as(out).isZero();
            assertThat(out)
                    .contains("postgres: starting PostgreSQL from container image " + IMAGE)
                    .contains("PASS  snapshot of datalake.cdc_events: 829 record(s)")
                    .contains("order-update: PASS", "order-insert: PASS", "PASS: every check passed");
        }
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true).exec())
                .as("the demo removes its container").noneMatch(c -> IMAGE.equals(c.getImage()));
    }
}
