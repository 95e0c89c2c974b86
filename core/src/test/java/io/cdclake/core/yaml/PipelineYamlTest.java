package io.cdclake.core.yaml;

import io.cdclake.core.model.Environment.Kind;
import io.cdclake.core.model.MskConnect.ClientAuthentication;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a pipeline file is read, beyond the reference file and the bad ones. */
class PipelineYamlTest {

    private static final String BASE = read("src/test/resources/pipelines/valid-aws.yaml");

    @Test
    void anEnvironmentWithNothingToOverrideMayBeLeftEmpty() {
        Pipeline p = PipelineYaml.parse(BASE.replace("  local:\n    flush:\n      intervalSeconds: 5\n", "  local:\n"), "test");
        assertThat(p.environment("local").kind()).isEqualTo(Kind.LOCAL);
        assertThat(p.flush("local")).isEqualTo(p.sink().flush());
    }

    @Test
    void anEnvironmentOfAnyNameTakesItsKindFromTheFile() {
        Pipeline p = PipelineYaml.parse(BASE.replace("  local:\n", "  laptop:\n    kind: local\n"), "test");
        assertThat(p.environment("laptop").kind()).isEqualTo(Kind.LOCAL);
    }

    @Test
    void theLocalEnvironmentMayStartKafkaFromAContainerImage() {
        Pipeline p = PipelineYaml.parse(BASE.replace("  local:\n", "  local:\n    kafkaContainer: local/kafka:3.7.2\n"),
                "test");
        assertThat(p.environment("local").kafkaContainer()).isEqualTo("local/kafka:3.7.2");
        assertThat(p.environment("local").toBuilder().build()).as("kept by the builder").isEqualTo(p.environment("local"));
        assertThat(PipelineYaml.parse(BASE, "test").environment("local").kafkaContainer()).as("embedded by default")
                .isNull();
    }

    @Test
    void theLocalEnvironmentMayStartTheSourceFromAContainerImage() {
        Pipeline p = PipelineYaml.parse(BASE.replace("  local:\n", "  local:\n    sourceContainer: local/postgres:15\n"),
                "test");
        assertThat(p.environment("local").sourceContainer()).isEqualTo("local/postgres:15");
        assertThat(PipelineYaml.parse(BASE, "test").environment("local").sourceContainer()).as("embedded by default")
                .isNull();
    }

    @Test
    void theLocalEnvironmentMayNameTheS3TheSinkWritesTo() {
        Pipeline p = PipelineYaml.parse(BASE.replace("  local:\n", "  local:\n    region: eu-west-1\n    s3:\n"
                + "      endpoint: http://localhost:9000\n      profile: minio\n"), "test");
        assertThat(p.environment("local").s3()).isEqualTo(new Environment.LocalS3("http://localhost:9000", "minio", null));
        assertThat(PipelineYaml.parse(BASE, "test").environment("local").s3()).as("embedded by default").isNull();
    }

    @Test
    void anS3EndpointIsAPlainHttpUrlAndOnlyAwsHostsTakeTheBucketInTheHostName() {
        assertThat(Environment.LocalS3.endpointProblem("http://127.0.0.1:9000")).isNull();
        assertThat(Environment.LocalS3.endpointProblem("https://s3.eu-west-1.amazonaws.com/")).isNull();
        assertThat(Environment.LocalS3.endpointProblem("ftp://host")).isEqualTo("is not an http or https URL");
        assertThat(Environment.LocalS3.endpointProblem("http://key:secret@host")).startsWith("holds credentials");
        assertThat(Environment.LocalS3.endpointProblem("http://host/bucket")).startsWith("has a path");
        assertThat(Environment.LocalS3.endpointProblem("http:// bad")).startsWith("is not a URL");
        assertThat(Environment.LocalS3.pathStyle("http://localhost:9000")).isTrue();
        assertThat(Environment.LocalS3.pathStyle("https://s3.eu-west-1.amazonaws.com")).isFalse();
    }

    @Test
    void theLensesLineIsCurrentLensesUnlessTheFileNamesAnother() {
        assertThat(PipelineYaml.parse(BASE, "test").sink().compatibility()).isEqualTo(Sink.Compatibility.LENSES_9);
        Pipeline article = PipelineYaml.parse(BASE.replace("  storeAs: json\n", "  storeAs: json\n  compatibility: Lenses-3\n"),
                "test");
        assertThat(article.sink().compatibility()).isEqualTo(Sink.Compatibility.LENSES_3);
        assertThat(PipelineYamlWriter.write(article, java.util.List.of(), java.util.Map.of())).contains("compatibility: lenses-3");
    }

    @Test
    void enumValuesIgnoreCaseAndWorkerPropertiesAreTextHoweverYamlTypesThem() {
        Pipeline p = PipelineYaml.parse(BASE.replace("clientAuthentication: IAM", "clientAuthentication: iam")
                .replace("        config.providers: secretsmanager\n",
                        "        config.providers: secretsmanager\n        offset.flush.interval.ms: 10000\n"), "test");
        assertThat(p.environment("aws").msk().cluster().clientAuthentication()).isEqualTo(ClientAuthentication.IAM);
        assertThat(p.environment("aws").msk().workerProperties()).containsEntry("offset.flush.interval.ms", "10000");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void initScriptsAreResolvedAgainstThePipelineFilesDirectoryAndMustExist(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String reference = java.nio.file.Files.readString(Path.of("../pipelines/northwind-orders.yaml"))
                .replace("    northwind: {scale: 1}", "    scripts: [sql/01_schema.sql, sql/02_data.sql]\n    roles: [devuser]");
        Path file = java.nio.file.Files.writeString(dir.resolve("mine.yaml"), reference);
        java.nio.file.Files.createDirectories(dir.resolve("sql"));
        java.nio.file.Files.writeString(dir.resolve("sql/01_schema.sql"), "CREATE SCHEMA datalake;");

        assertThatThrownBy(() -> PipelineYaml.read(file))
                .isInstanceOf(io.cdclake.core.validate.InvalidPipelineException.class)
                .hasMessageContaining("source.init.scripts[1]: is not a readable file (looked for "
                        + dir.resolve("sql/02_data.sql") + ") (value: sql/02_data.sql). Fix: give the SQL file's path"
                        + " relative to the pipeline file's directory");

        java.nio.file.Files.writeString(dir.resolve("sql/02_data.sql"), "SELECT 1;");
        assertThat(PipelineYaml.read(file).source().init().scripts())
                .containsExactly(dir.resolve("sql/01_schema.sql").toString(), dir.resolve("sql/02_data.sql").toString());
        assertThat(PipelineYaml.read(file).source().init().roles()).containsExactly("devuser");
    }
}
