package io.cdclake.core.imports;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;
import io.cdclake.core.yaml.PipelineYaml;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The article's two connector files, as published for MSK Connect, give the article's pipeline. */
class ArticleImportTest {

    private static final Path ARTICLE = Path.of("src/test/resources/article");
    private static final Pipeline REFERENCE = PipelineYaml.read(Path.of("../pipelines/northwind-orders.yaml"));

    private final ImportedPipeline imported = ConnectorImport.of(List.of(
            ConnectorFile.read(ARTICLE.resolve("source-debezium.properties")),
            ConnectorFile.read(ARTICLE.resolve("sink-s3-lenses.properties"))), ConnectorImport.Options.DEFAULTS);
    private final Pipeline pipeline = imported.pipeline();

    @Test
    void theTablesTopicsAndLayoutAreTheReferencePipelines() {
        // the files say nothing of how the database is made, nor of the scenarios' search_path
        assertThat(pipeline.source().toBuilder().slotName(REFERENCE.source().slotName())
                .schema(REFERENCE.source().schema()).init(REFERENCE.source().init()).build())
                .isEqualTo(REFERENCE.source());
        assertThat(pipeline.source().slotName()).isEqualTo("debezium");
        assertThat(pipeline.topics()).isEqualTo(REFERENCE.topics());
        assertThat(pipeline.sink().toBuilder().connectorName(REFERENCE.sink().connectorName())
                .compatibility(REFERENCE.sink().compatibility()).build()).isEqualTo(REFERENCE.sink());
        // the article's WITH_FLUSH_* clauses and aws.* keys are Lenses 3 / 4, which current Lenses refuses
        assertThat(pipeline.sink().compatibility()).isEqualTo(Sink.Compatibility.LENSES_3);
        assertThat(pipeline.environment("aws").region()).isEqualTo("ap-southeast-2");
    }

    @Test
    void onAwsTheConnectorsRenderAsTheArticlesFilesSay() {
        ConnectorConfigs aws = ConnectorRenderer.preview(pipeline, "aws");

        assertThat(aws.sink().config().get("connect.s3.kcql")).isEqualTo("INSERT INTO data-lake-demo-cevo:cdc-events"
                + " SELECT * FROM msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json`"
                + " WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50");
        assertThat(aws.source().config())
                .containsEntry("database.hostname", "<database-hostname-or-ip-address>")
                .containsEntry("database.user", "<database-user>")
                .containsEntry("database.port", "5432")
                .containsEntry("database.dbname", "devdb")
                .containsEntry("topic.prefix", "msk")
                .containsEntry("schema.include.list", "datalake")
                .containsEntry("table.include.list", "datalake.cdc_events")
                .containsEntry("publication.name", "cdc_publication")
                .containsEntry("transforms.unwrap.add.fields", "op,db,table,schema,lsn,source.ts_ms");
    }

    @Test
    void whatItCannotMapIsListedWithTheReasons() {
        assertThat(imported.unmapped()).extracting(Unmapped::toString).containsExactly(
                "sink-s3-lenses.properties aws.custom.endpoint: is S3's own endpoint, which the sink uses by default",
                "sink-s3-lenses.properties key.converter.schemas.enable: is false; the sink reads the topics as the"
                        + " source writes them (schemas true, debezium.tuning.converterSchemas)",
                "sink-s3-lenses.properties schema.enable: not a setting of the pipeline model; cdc-lake does not render"
                        + " it, so the sink's default applies");
    }

    @Test
    void theFileReadsBackWithItsPlaceholdersOnAwsOnly() {
        String yaml = imported.yaml();

        assertThat(PipelineYaml.parse(yaml, "imported")).isEqualTo(pipeline);
        assertThat(Placeholders.find(pipeline, "local")).isEmpty();
        assertThat(Placeholders.find(pipeline, "aws")).extracting(Problem::path)
                .contains("environments.aws.database.host", "environments.aws.database.user",
                        "environments.aws.database.password");
        assertThat(yaml).doesNotContain("<database-user-password>")
                .contains("    region: ap-southeast-2   # from sink-s3-lenses.properties aws.region\n")
                .contains("  topicPrefix: msk   # from source-debezium.properties database.server.name");
    }
}
