package io.cdclake.core.yaml;

import io.cdclake.core.model.Environment.Kind;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pipelines/northwind-orders.yaml declares the article's pipeline. */
class ReferencePipelineTest {

    static final Path REFERENCE = Path.of("../pipelines/northwind-orders.yaml");

    private final Pipeline pipeline = PipelineYaml.read(REFERENCE);

    @Test
    void declaresTheArticlesPipeline() {
        assertThat(pipeline.name()).isEqualTo("northwind-orders");
        assertThat(pipeline.source().database()).isEqualTo("devdb");
        assertThat(pipeline.source().schema()).isEqualTo("datalake");
        assertThat(pipeline.source().publication().name()).isEqualTo("cdc_publication");
        assertThat(pipeline.topics()).containsExactly("msk.datalake.cdc_events");
        assertThat(pipeline.sink().bucket()).isEqualTo("data-lake-demo-cevo");
        assertThat(pipeline.sink().prefix()).isEqualTo("cdc-events");
        assertThat(pipeline.sink().partitionBy()).containsExactly("customer_id", "order_id");
    }

    @Test
    void environmentsOverrideOnlyWhatDiffers() {
        assertThat(pipeline.environments().keySet()).containsExactly("local", "emulator", "aws");
        assertThat(pipeline.environment("local").kind()).isEqualTo(Kind.LOCAL);
        assertThat(pipeline.environment("emulator").kind()).isEqualTo(Kind.EMULATOR);
        assertThat(pipeline.environment("aws").kind()).isEqualTo(Kind.AWS);
        assertThat(pipeline.flush("local")).isEqualTo(new Flush(1, 50, null));
        assertThat(pipeline.flush("aws")).isEqualTo(new Flush(60, 50, null));
        assertThat(pipeline.tuning("local").pollIntervalMs()).isEqualTo(50);
        assertThat(pipeline.tuning("emulator").pollIntervalMs()).as("MSK Connect's Debezium default").isNull();
        assertThat(pipeline.environment("aws").region()).isEqualTo("ap-southeast-2");
    }

    @Test
    void theAwsEnvironmentShipsWithMarkedPlaceholdersAndTheOthersWithNone() {
        assertThat(Placeholders.find(pipeline, "aws")).extracting(Problem::path).contains(
                "environments.aws.database.host",
                "environments.aws.database.password",
                "environments.aws.msk.cluster.bootstrapServers",
                "environments.aws.msk.cluster.subnets[0]",
                "environments.aws.msk.serviceExecutionRoleArn",
                "environments.aws.msk.pluginBucket.bucket");
        assertThat(Placeholders.find(pipeline, "aws")).filteredOn(p -> p.path().endsWith("password"))
                .singleElement().satisfies(p -> assertThat(p.value()).isEqualTo("******"));
        assertThat(Placeholders.find(pipeline, "local")).isEmpty();
        assertThat(Placeholders.find(pipeline, "emulator")).isEmpty();
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheDeclaredOnes() {
        assertThatThrownBy(() -> pipeline.environment("prod"))
                .hasMessage("environment 'prod' is not in pipeline 'northwind-orders'; it declares local, emulator, aws");
    }

    @Test
    void aMissingFileIsOneClearError() {
        assertThatThrownBy(() -> PipelineYaml.read(Path.of("no-such.yaml")))
                .hasMessageStartingWith("pipeline file no-such.yaml does not exist");
    }
}
