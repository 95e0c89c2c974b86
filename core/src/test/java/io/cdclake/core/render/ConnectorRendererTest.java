package io.cdclake.core.render;

import io.cdclake.core.model.DebeziumSource;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.MskConnect.Plugins;
import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.model.Source;
import io.cdclake.core.validate.InvalidPipelineException;
import io.cdclake.core.yaml.PipelineYaml;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ConnectorRendererTest {

    private static final String ARTICLE_KCQL = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM"
            + " msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60"
            + " WITH_FLUSH_COUNT = 50";
    /** The article's statement as current Lenses (7.0 and later) takes it: the flush in PROPERTIES. */
    private static final String CURRENT_KCQL = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM"
            + " msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json`"
            + " PROPERTIES('flush.interval'=60, 'flush.count'=50)";
    private static final String SECRET_REF = "${secretsmanager:arn:aws:secretsmanager:ap-southeast-2:<account-id>"
            + ":secret:<secret-name>:password}";

    private final Pipeline reference = PipelineYaml.read(Path.of("../pipelines/northwind-orders.yaml"));

    private static final RuntimeBindings BINDINGS = RuntimeBindings.builder()
            .databaseHost("127.0.0.1").databasePort(54321).databaseUser("postgres").databasePassword("pg-pass-123")
            .kafkaBootstrapServers("127.0.0.1:19092")
            .s3Endpoint("http://127.0.0.1:18080").s3Region("us-east-1").s3AccessKey("local-access")
            .s3SecretKey("local-secret-456").build();

    @Test
    void theSourceConnectorIsTheArticlesInDebezium27Names() {
        Map<String, String> expected = article("source-debezium.properties");
        // Debezium 2.x names for the article's 1.x settings
        rename(expected, "database.server.name", "topic.prefix");
        rename(expected, "schema.include", "schema.include.list");
        // 2.7 reads this one setting first; drop.tombstones=false with delete.handling.mode=rewrite is its
        // rewrite-with-tombstone (the two are deprecated and only read when it is absent)
        expected.remove("transforms.unwrap.drop.tombstones");
        expected.remove("transforms.unwrap.delete.handling.mode");
        expected.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite-with-tombstone");
        // what the article left to the connector's defaults, made explicit by the model
        expected.put("publication.autocreate.mode", "disabled");
        expected.put("slot.name", "cdc_orders");
        // the article's placeholders, as the aws environment fills them
        expected.put("database.hostname", "<your-aurora-cluster-endpoint>");
        expected.put("database.user", "master");
        expected.put("database.password", SECRET_REF);
        // exactly once on MSK Connect 3.7.x (KIP-618): the article's connector ran at least once
        expected.put("exactly.once.support", "required");

        ConnectorConfig source = ConnectorRenderer.render(reference, "aws", null).source();

        assertThat(source.name()).isEqualTo("northwind-orders-source");
        assertThat(source.config()).isEqualTo(expected);
        assertThat(source.config().keySet()).startsWith("connector.class", "tasks.max", "plugin.name");
    }

    @Test
    void theSinkConnectorIsTheArticlesInTheArticlesLensesLineWithTheCurrentNames() {
        Pipeline lenses = withLensesSink(lenses3(reference));
        Map<String, String> expected = article("sink-s3-lenses.properties");
        // the Lenses sink's current name for the region
        rename(expected, "aws.region", "connect.s3.aws.region");
        // on AWS the SDK's regional endpoint is the default; the connector's role signs the requests
        expected.remove("aws.custom.endpoint");
        expected.put("connect.s3.aws.auth.mode", "Default");
        // schema.enable is read by nothing; the source writes keys and values with schemas (JsonConverter's
        // default), so the sink reads them the same way rather than with key.converter.schemas.enable=false
        expected.remove("schema.enable");
        expected.remove("key.converter.schemas.enable");
        expected.put("errors.tolerance", "none");
        // the source writes in transactions: the sink skips what an aborted one left in the topic
        expected.put("consumer.override.isolation.level", "read_committed");

        ConnectorConfig sink = ConnectorRenderer.render(lenses, "aws", null).sink();

        assertThat(sink.name()).isEqualTo("northwind-orders-sink");
        assertThat(sink.config()).isEqualTo(expected);
        assertThat(sink.config().get("connect.s3.kcql")).isEqualTo(ARTICLE_KCQL);
    }

    @Test
    void exactlyOnceIsAskedForWhereConnectHasItAndNotOnMskConnect271() {
        assertThat(ConnectorRenderer.render(reference, "aws", null).source().config())
                .containsEntry("exactly.once.support", "required");
        assertThat(ConnectorRenderer.render(reference, "local", BINDINGS).sink().config())
                .containsEntry("consumer.override.isolation.level", "read_committed");
        var environments = new java.util.LinkedHashMap<>(reference.environments());
        var aws = reference.environment("aws");
        environments.put("aws", aws.toBuilder().msk(aws.msk().toBuilder().kafkaConnectVersion("2.7.1").build()).build());
        Pipeline old = reference.toBuilder().environments(environments).build();
        var rendered = ConnectorRenderer.render(old, "aws", null);
        assertThat(rendered.source().config()).doesNotContainKey("exactly.once.support");
        assertThat(rendered.sink().config()).doesNotContainKey("consumer.override.isolation.level");
    }

    @Test
    void currentLensesGetsItsFlushPropertiesAndSkipsTombstones() {
        Map<String, String> sink = ConnectorRenderer.render(withLensesSink(reference), "aws", null).sink().config();

        assertThat(sink).containsEntry("connect.s3.kcql", CURRENT_KCQL)
                .containsEntry("connect.s3.skip.null.values", "true")
                .doesNotContainKey("connect.s3.compatibility"); // a setting of the built-in sink only
    }

    @Test
    void theBuiltInSinkIsToldWhichLensesLineToBehaveLike() {
        assertThat(ConnectorRenderer.render(reference, "aws", null).sink().config())
                .containsEntry("connect.s3.compatibility", "lenses-9")
                .containsEntry("connect.s3.kcql", CURRENT_KCQL);
        Map<String, String> article = ConnectorRenderer.render(lenses3(reference), "aws", null).sink().config();
        assertThat(article).containsEntry("connect.s3.compatibility", "lenses-3")
                .containsEntry("connect.s3.kcql", ARTICLE_KCQL)
                // Lenses 3 skips tombstones always and has no such key
                .doesNotContainKey("connect.s3.skip.null.values");
    }

    @Test
    void aFlushSizeIsRenderedInEachLinesForm() {
        Pipeline sized = reference.toBuilder().sink(reference.sink().toBuilder()
                .flush(new io.cdclake.core.model.Flush(null, null, 5_000_000L)).build()).build();
        assertThat(ConnectorRenderer.render(sized, "aws", null).sink().config().get("connect.s3.kcql"))
                .endsWith("STOREAS `json` PROPERTIES('flush.size'=5000000)");
        assertThat(ConnectorRenderer.render(lenses3(sized), "aws", null).sink().config().get("connect.s3.kcql"))
                .endsWith("STOREAS `json` WITH_FLUSH_SIZE = 5000000");
    }

    @Test
    void localTakesEndpointsAndCredentialsFromTheRuntimeAndItsOwnFlushInterval() {
        ConnectorConfigs local = ConnectorRenderer.render(reference, "local", BINDINGS);

        assertThat(local.source().config()).contains(entry("database.hostname", "127.0.0.1"),
                entry("database.port", "54321"), entry("database.user", "postgres"),
                entry("database.password", "pg-pass-123"), entry("database.dbname", "devdb"));
        assertThat(local.sink().config()).contains(
                entry("connector.class", Sink.BUILT_IN_CONNECTOR),
                entry("connect.s3.kcql", CURRENT_KCQL.replace("'flush.interval'=60", "'flush.interval'=1")),
                entry("connect.s3.aws.region", "us-east-1"),
                entry("connect.s3.aws.auth.mode", "Credentials"),
                entry("connect.s3.aws.access.key", "local-access"),
                entry("connect.s3.aws.secret.key", "local-secret-456"),
                entry("connect.s3.custom.endpoint", "http://127.0.0.1:18080"),
                // path-style requests, as Lenses reads the flag and the built-in sink too
                entry("connect.s3.vhost.bucket", "true"));
    }

    @Test
    void anExternalS3WithoutKeysLeavesTheSinkToTheDefaultChainAndAwsS3GetsVirtualHostedRequests() {
        RuntimeBindings aws = RuntimeBindings.builder().databaseHost("127.0.0.1").databasePort(54321)
                .databaseUser("postgres").databasePassword("").s3Endpoint("https://s3.eu-west-1.amazonaws.com")
                .s3Region("eu-west-1").build();
        Map<String, String> sink = ConnectorRenderer.render(reference, "local", aws).sink().config();
        assertThat(sink).contains(entry("connect.s3.aws.auth.mode", "Default"),
                entry("connect.s3.custom.endpoint", "https://s3.eu-west-1.amazonaws.com"),
                entry("connect.s3.vhost.bucket", "false"));
        assertThat(sink).doesNotContainKeys("connect.s3.aws.access.key", "connect.s3.aws.secret.key");
    }

    @Test
    void theEmulatorUsesTheRuntimeAndItsOwnRegion() {
        ConnectorConfigs emulator = ConnectorRenderer.render(reference, "emulator", BINDINGS);
        assertThat(emulator.sink().config()).contains(entry("connect.s3.aws.region", "ap-southeast-2"),
                entry("connect.s3.custom.endpoint", "http://127.0.0.1:18080"));
        assertThat(emulator.source().config()).containsEntry("database.port", "54321");
    }

    @Test
    void theLensesSinkGetsPathStyleRequestsLocallyThroughItsInvertedFlag() {
        Pipeline lenses = reference.toBuilder()
                .sink(reference.sink().toBuilder().connectorClass(Sink.LENSES_CONNECTOR).build())
                .environments(Map.of("local", Environment.builder().build())).build();
        assertThat(ConnectorRenderer.render(lenses, "local", BINDINGS).sink().config())
                .containsEntry("connect.s3.vhost.bucket", "true");
    }

    @Test
    void secretsAreRedactedInEveryPrintedForm() {
        ConnectorConfigs local = ConnectorRenderer.render(reference, "local", BINDINGS);
        String json = local.toRedactedJson();

        assertThat(json).contains("\"database.password\" : \"******\"", "\"connect.s3.aws.secret.key\" : \"******\"",
                "\"connect.s3.aws.access.key\" : \"local-access\"", "\"name\" : \"northwind-orders-source\"");
        for (String printed : List.of(json, local.toString(), local.source().toString(), local.sink().toString(),
                BINDINGS.toString())) {
            assertThat(printed).doesNotContain("pg-pass-123", "local-secret-456");
        }
    }

    @Test
    void aPasswordReferenceIsShownNotRedacted() {
        assertThat(ConnectorRenderer.render(reference, "aws", null).redacted().source().config())
                .containsEntry("database.password", SECRET_REF);
    }

    @Test
    void aPreviewShowsRuntimeValuesAsPlaceholders() {
        ConnectorConfigs preview = ConnectorRenderer.preview(reference, "local");
        assertThat(preview.source().config()).contains(entry("database.hostname", "<runtime>"),
                entry("database.port", "<runtime>"));
        assertThat(preview.sink().config()).contains(entry("connect.s3.custom.endpoint", "<runtime>"),
                entry("connect.s3.aws.region", "<runtime>"));
    }

    @Test
    void localWithoutCompleteBindingsNamesWhatIsMissing() {
        RuntimeBindings partial = RuntimeBindings.builder().databaseHost("127.0.0.1").databasePort(5432)
                .databaseUser("postgres").databasePassword("").build();
        assertThatThrownBy(() -> ConnectorRenderer.render(reference, "local", partial))
                .hasMessage("runtime bindings for environment 'local' lack s3Endpoint, s3Region");
        assertThatThrownBy(() -> ConnectorRenderer.render(reference, "local", BINDINGS.withS3Keys("local-access", null)))
                .hasMessage("runtime bindings for environment 'local' lack s3SecretKey");
        assertThatThrownBy(() -> ConnectorRenderer.render(reference, "local", null))
                .hasMessageContaining("no runtime bindings were given");
    }

    @Test
    void tuningSettingsRenderAndTheSinkReadsTheTopicAsTheSourceWritesIt() {
        DebeziumSource tuned = reference.debezium().toBuilder().tuning(DebeziumSource.Tuning.builder()
                .maxBatchSize(4096).maxQueueSize(16384).pollIntervalMs(100).converterSchemas(false)
                .lingerMs(5).batchSize(262144).compressionType(DebeziumSource.Tuning.Compression.LZ4).build()).build();
        ConnectorConfigs configs = ConnectorRenderer.render(reference.toBuilder().debezium(tuned).build(), "aws", null);

        assertThat(configs.source().config()).contains(entry("max.batch.size", "4096"), entry("max.queue.size", "16384"),
                entry("poll.interval.ms", "100"), entry("key.converter.schemas.enable", "false"),
                entry("value.converter.schemas.enable", "false"), entry("producer.override.linger.ms", "5"),
                entry("producer.override.batch.size", "262144"), entry("producer.override.compression.type", "lz4"));
        assertThat(configs.sink().config()).contains(entry("key.converter.schemas.enable", "false"),
                entry("value.converter.schemas.enable", "false"));
    }

    @Test
    void anEnvironmentsTuningWinsThereAndOnlyThere() {
        DebeziumSource tuned = reference.debezium().toBuilder().tuning(DebeziumSource.Tuning.builder()
                .pollIntervalMs(200).converterSchemas(false).build()).build();
        Pipeline pipeline = reference.toBuilder().debezium(tuned).build();

        assertThat(ConnectorRenderer.render(pipeline, "local", BINDINGS).source().config())
                .as("the local environment's 50 ms over the pipeline's 200 ms; the rest inherited")
                .contains(entry("poll.interval.ms", "50"), entry("value.converter.schemas.enable", "false"));
        assertThat(ConnectorRenderer.render(pipeline, "aws", null).source().config())
                .contains(entry("poll.interval.ms", "200"), entry("value.converter.schemas.enable", "false"));
        assertThat(ConnectorRenderer.render(reference, "aws", null).source().config())
                .as("Debezium's default where nothing is set").doesNotContainKey("poll.interval.ms");
    }

    @Test
    void severalTablesGiveOneTopicAndOneKcqlStatementEach() {
        Source two = reference.source().toBuilder().tables(List.of("datalake.cdc_events", "datalake.cdc_audit"))
                .build();
        ConnectorConfigs configs = ConnectorRenderer.render(reference.toBuilder().source(two).build(), "aws", null);

        assertThat(configs.source().config()).containsEntry("table.include.list", "datalake.cdc_events,datalake.cdc_audit");
        assertThat(configs.sink().config()).containsEntry("topics", "msk.datalake.cdc_events,msk.datalake.cdc_audit");
        assertThat(configs.sink().config().get("connect.s3.kcql").split(";")).containsExactly(CURRENT_KCQL,
                CURRENT_KCQL.replace("msk.datalake.cdc_events", "msk.datalake.cdc_audit"));
    }

    @Test
    void anInvalidPipelineIsNotRendered() {
        Pipeline bad = reference.toBuilder().sink(reference.sink().toBuilder().partitionBy(List.of("__nope")).build()).build();
        assertThatThrownBy(() -> ConnectorRenderer.render(bad, "local", BINDINGS))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("sink: is a PARTITIONBY field of msk.datalake.cdc_events that the unwrap"
                        + " transform does not add");
    }

    /** The pipeline with the Lenses sink, its plugin deployed to every MSK Connect environment. */
    @Test
    void tablesOfSeveralSchemasAndTheirTopicsOwnStatementsAndUnwrapSettingsRenderAsDeclared() {
        Source source = reference.source().toBuilder()
                .tables(List.of("shop.customers", "shop.order_lines", "audit.changes")).schema(null).build();
        Sink sink = reference.sink().toBuilder().partitionBy(List.of("country")).statements(List.of(
                new Sink.Statement("msk.shop.order_lines", null, List.of("order_id", "line_no")),
                new Sink.Statement("msk.audit.changes", "audit", List.of()))).build();
        Pipeline p = reference.toBuilder().source(source).sink(sink).scenarios(List.of())
                .debezium(reference.debezium().toBuilder().unwrap(new DebeziumSource.Unwrap("rewrite", List.of("op"),
                        List.of("source.ts_ms"))).build()).build();

        ConnectorConfigs configs = ConnectorRenderer.render(p, "aws", null);

        assertThat(configs.source().config())
                .containsEntry("schema.include.list", "shop,audit")
                .containsEntry("table.include.list", "shop.customers,shop.order_lines,audit.changes")
                .containsEntry("transforms.unwrap.delete.tombstone.handling.mode", "rewrite")
                .containsEntry("transforms.unwrap.add.fields", "op")
                .containsEntry("transforms.unwrap.add.headers", "source.ts_ms");
        assertThat(configs.sink().config().get("connect.s3.kcql").split(";")).containsExactly(
                "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.shop.customers PARTITIONBY country"
                        + " STOREAS `json` PROPERTIES('flush.interval'=60, 'flush.count'=50)",
                "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.shop.order_lines PARTITIONBY"
                        + " order_id,line_no STOREAS `json` PROPERTIES('flush.interval'=60, 'flush.count'=50)",
                "INSERT INTO data-lake-demo-cevo:audit SELECT * FROM msk.audit.changes NOPARTITION STOREAS `json`"
                        + " PROPERTIES('flush.interval'=60, 'flush.count'=50)");
        assertThat(p.sinkPrefixes()).containsExactly("cdc-events", "audit");
    }

    private static Pipeline lenses3(Pipeline p) {
        return p.toBuilder().sink(p.sink().toBuilder().compatibility(Sink.Compatibility.LENSES_3).build()).build();
    }

    private static Pipeline withLensesSink(Pipeline p) {
        Plugins lensesPlugins = new Plugins("2.7.4.Final", new SinkPlugin(SinkPluginKind.LENSES, null,
                "https://example.com/kafka-connect-aws-s3.zip", "0".repeat(64)));
        Pipeline.Builder b = p.toBuilder().sink(p.sink().toBuilder().connectorClass(Sink.LENSES_CONNECTOR).build());
        p.environments().forEach((name, env) -> {
            if (env.msk() != null) {
                MskConnect msk = env.msk().toBuilder().plugins(lensesPlugins).build();
                b.environment(name, env.toBuilder().msk(msk).build());
            }
        });
        return b.build();
    }

    private static Map<String, String> article(String resource) {
        Properties props = new Properties();
        try (InputStream in = ConnectorRendererTest.class.getResourceAsStream("/article/" + resource)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private static void rename(Map<String, String> map, String from, String to) {
        assertThat(map).containsKey(from);
        map.put(to, map.remove(from));
    }
}
