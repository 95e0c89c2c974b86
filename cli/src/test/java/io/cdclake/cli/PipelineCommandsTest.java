package io.cdclake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.runtime.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake validate} and {@code cdclake render} as a user runs them. */
class PipelineCommandsTest {

    private static final String REFERENCE = Path.of("../pipelines/northwind-orders.yaml").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void validateSaysOkInOneLineForTheReferencePipeline() {
        CliRun run = CliRun.cdclake("validate", "--pipeline", REFERENCE);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("ok: northwind-orders (" + REFERENCE + "): datalake.cdc_events -> msk.datalake.cdc_events"
                        + " -> s3://data-lake-demo-cevo/cdc-events/; environments local, emulator, aws; aws has ")
                .endsWith(" placeholders to fill before deploying"));
    }

    @Test
    void validateListsEveryProblemAndExitsOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(Path.of(REFERENCE))
                .replace("bucket: data-lake-demo-cevo", "bucket: Data_Lake")
                .replace("partitionBy: [customer_id, order_id]",
                        "partitionBy: [customer_id, order_id]\n  statements: [{topic: msk.datalake.orders}]"));

        CliRun run = CliRun.cdclake("validate", "--pipeline", bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                bad + ": 2 problems",
                "  sink.bucket: is not a valid S3 bucket name: it must not contain upper-case letters (value: Data_Lake)."
                        + " Fix: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a"
                        + " letter or digit, e.g. data-lake-demo-cevo",
                "  sink.statements[0].topic: is not produced by any captured table (value: msk.datalake.orders). Fix: use one of the pipeline's"
                        + " topics (msk.datalake.cdc_events), or capture its table in source.tables");
    }

    @Test
    void validateOfAMissingFileIsOneError() {
        CliRun run = CliRun.cdclake("validate", "--pipeline", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: pipeline file " + dir.resolve("none.yaml") + " does not exist");
    }

    @Test
    void renderPrintsTheAwsConnectorsAsJson() throws Exception {
        CliRun run = CliRun.cdclake("render", "--pipeline", REFERENCE, "--env", "aws", "--data-dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.at("/source/name").asText()).isEqualTo("northwind-orders-source");
        assertThat(json.at("/source/config/database.password").asText()).startsWith("${secretsmanager:");
        assertThat(json.at("/sink/config/connect.s3.kcql").asText()).isEqualTo("INSERT INTO data-lake-demo-cevo:cdc-events"
                + " SELECT * FROM msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json`"
                + " PROPERTIES('flush.interval'=60, 'flush.count'=50)");
        assertThat(json.at("/sink/config/connect.s3.aws.auth.mode").asText()).isEqualTo("Default");
    }

    @Test
    void renderOfLocalWithoutARuntimeShowsWhatTheRuntimeWouldSupply() throws Exception {
        CliRun run = CliRun.cdclake("render", "--pipeline", REFERENCE, "--env", "local", "--data-dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("no local runtime runs in " + dir.toAbsolutePath().normalize());
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.at("/source/config/database.hostname").asText()).isEqualTo("<runtime>");
        assertThat(json.at("/sink/config/connect.s3.custom.endpoint").asText()).isEqualTo("<runtime>");
        assertThat(json.at("/sink/config/connect.s3.kcql").asText()).contains("'flush.interval'=1,");
    }

    @Test
    void renderOfLocalWithARunningRuntimeUsesItsEndpointsAndRedactsItsSecrets() throws Exception {
        new Endpoints(new Endpoints.Postgres("127.0.0.1", 55432, "devdb", "postgres", "pg-pw-789"),
                new Endpoints.Kafka("127.0.0.1:59092"), new Endpoints.Connect("http://127.0.0.1:58083"),
                new Endpoints.S3("http://127.0.0.1:58080", "us-east-1", "local-access", "local-secret-321",
                        "data-lake-demo-cevo"), null).write(dir);

        CliRun run = CliRun.cdclake("render", "--pipeline", REFERENCE, "--env", "local", "--data-dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("pg-pw-789", "local-secret-321");
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.at("/source/config/database.port").asText()).isEqualTo("55432");
        assertThat(json.at("/source/config/database.password").asText()).isEqualTo("******");
        assertThat(json.at("/sink/config/connect.s3.custom.endpoint").asText()).isEqualTo("http://127.0.0.1:58080");
        assertThat(json.at("/sink/config/connect.s3.aws.secret.key").asText()).isEqualTo("******");
    }

    @Test
    void renderOfAnUnknownEnvironmentNamesTheDeclaredOnes() {
        CliRun run = CliRun.cdclake("render", "--pipeline", REFERENCE, "--env", "prod", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(
                "error: environment 'prod' is not in pipeline 'northwind-orders'; it declares local, emulator, aws");
    }

    @Test
    void renderWithoutAnEnvironmentIsBadUsage() {
        assertThat(CliRun.cdclake("render", "--pipeline", REFERENCE).exitCode()).isEqualTo(2);
    }
}
