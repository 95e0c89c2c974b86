package io.cdclake.it;

import io.cdclake.embedded.S3Container;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./cdclake demo --s3-container IMAGE}: the article's walk-through with the sink writing to a LocalStack
 * container (Testcontainers). Needs a Docker engine and LocalStack's image ({@code CDCLAKE_LOCALSTACK_IMAGE}, default
 * {@value S3Container#DEFAULT_IMAGE}); LocalStack's image is built from Python packages, so without a registry it is
 * not on the machine and this test reports itself skipped. {@link S3EndpointIT} runs the same wiring against an
 * endpoint stand-in.
 */
class S3ContainerIT {

    static final String IMAGE = System.getenv().getOrDefault("CDCLAKE_LOCALSTACK_IMAGE", S3Container.DEFAULT_IMAGE);

    // per test, not per class: a skipped test is counted and its reason shown in the report
    @BeforeEach
    void requireDockerAndTheImage() {
        S3Container.notStartableHere(IMAGE).ifPresent(reason -> assumeTrue(false, reason));
    }

    @Test
    void theArticlesScenariosPassWithTheSinkWritingToLocalStack() throws Exception {
        try (RunnerProcess demo = RunnerProcess.cli("demo", "--s3-container", IMAGE)) {
            int code = demo.awaitExit(Duration.ofMinutes(8));

            String out = String.join("\n", demo.lines());
            assertThat(code).as(out).isZero();
            assertThat(out)
                    .contains("s3: starting S3 from LocalStack image " + IMAGE)
                    .contains("PASS  snapshot of datalake.cdc_events: 829 record(s)")
                    .contains("order-update: PASS", "order-insert: PASS", "PASS: every check passed");
        }
    }
}
