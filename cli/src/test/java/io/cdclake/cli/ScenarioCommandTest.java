package io.cdclake.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake scenario list} and {@code scenario run} with a name the pipeline does not declare. */
class ScenarioCommandTest {

    private static final String REFERENCE = Path.of("../pipelines/northwind-orders.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void listShowsTheSnapshotCheckThenTheDeclaredScenarios() {
        CliRun run = CliRun.cdclake("scenario", "list", "--pipeline", REFERENCE);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(3).satisfiesExactly(
                line -> assertThat(line).startsWith("snapshot ").endsWith("every captured table's rows landed in S3"
                        + " (datalake.cdc_events)"),
                line -> assertThat(line).startsWith("order-update ").contains("order 11077 ships"),
                line -> assertThat(line).startsWith("order-insert ").contains("order 11075 and its 3 items"));
    }

    @Test
    void anUnknownScenarioIsOneLineListingTheDeclaredOnesAndExitsTwo() {
        CliRun run = CliRun.cdclake("scenario", "run", "order-upd", "--pipeline", REFERENCE,
                "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("error: no scenario 'order-upd' in pipeline northwind-orders;"
                + " its scenarios are snapshot, order-update, order-insert");
    }
}
