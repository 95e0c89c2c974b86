package io.cdclake.core.imports;

import io.cdclake.core.model.DebeziumSource;
import io.cdclake.core.model.Source;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.DebeziumSource.Tuning.Compression;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;
import io.cdclake.core.yaml.PipelineYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each setting of a source and a sink file: mapped (with its origin) or reported with its reason. */
class ConnectorImportTest {

    static final String SOURCE = """
            connector.class=io.debezium.connector.postgresql.PostgresConnector
            plugin.name=pgoutput
            publication.name=shop_pub
            slot.name=shop_slot
            database.hostname=db.internal.example
            database.port=6432
            database.user=cdc
            database.dbname=shop
            topic.prefix=shop
            table.include.list=sales.orders,sales.order_lines
            transforms=unwrap
            transforms.unwrap.type=io.debezium.transforms.ExtractNewRecordState
            """;
    static final String SINK = """
            connector.class=io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector
            connect.s3.kcql=INSERT INTO shop-lake:changes SELECT * FROM shop.sales.orders PARTITIONBY order_id STOREAS `json` WITH_FLUSH_COUNT = 10
            connect.s3.aws.region=eu-west-1
            topics=shop.sales.orders,shop.sales.order_lines
            """;

    static ImportedPipeline imported(String source, String sink) {
        return imported(source, sink, ConnectorImport.Options.DEFAULTS);
    }

    static ImportedPipeline imported(String source, String sink, ConnectorImport.Options options) {
        return ConnectorImport.of(List.of(ConnectorFile.parse(source, "source.properties"),
                ConnectorFile.parse(sink, "sink.properties")), options);
    }

    private static List<String> unmapped(ImportedPipeline i) {
        return i.unmapped().stream().map(Unmapped::toString).toList();
    }

    @Test
    void aSourceAndASinkWithEverythingMappableLeaveNothingUnmapped() {
        ImportedPipeline i = imported(SOURCE, SINK);
        Pipeline p = i.pipeline();

        assertThat(i.unmapped()).isEmpty();
        assertThat(p.name()).isEqualTo("shop-orders");
        assertThat(p.source().database()).isEqualTo("shop");
        assertThat(p.source().schemas()).containsExactly("sales");
        assertThat(p.source().tables()).containsExactly("sales.orders", "sales.order_lines");
        assertThat(p.source().publication().name()).isEqualTo("shop_pub");
        assertThat(p.source().publication().create()).as("publication.autocreate.mode not disabled").isTrue();
        assertThat(p.source().slotName()).isEqualTo("shop_slot");
        assertThat(p.debezium().topicPrefix()).isEqualTo("shop");
        assertThat(p.debezium().connectorName()).isEqualTo("shop-orders-source");
        assertThat(p.sink().connectorName()).isEqualTo("shop-orders-sink");
        assertThat(p.sink().bucket()).isEqualTo("shop-lake");
        assertThat(p.sink().prefix()).isEqualTo("changes");
        assertThat(p.sink().partitionBy()).containsExactly("order_id");
        assertThat(p.sink().flush()).isEqualTo(new Flush(null, 10, null));
        Environment aws = p.environment("aws");
        assertThat(aws.region()).isEqualTo("eu-west-1");
        assertThat(aws.database().host()).isEqualTo("db.internal.example");
        assertThat(aws.database().port()).isEqualTo(6432);
        assertThat(aws.database().user()).isEqualTo("cdc");
        assertThat(i.comments()).containsEntry("source.slotName", "from source.properties slot.name")
                .containsEntry("environments.aws.region", "from sink.properties connect.s3.aws.region")
                .containsEntry("sink.flush.count", "from sink.properties connect.s3.kcql WITH_FLUSH_COUNT");
    }

    @Test
    void theWrittenFileIsValidAndReadsBackAsTheImportedPipeline() {
        ImportedPipeline i = imported(SOURCE, SINK);

        assertThat(PipelineYaml.parse(i.yaml(), "imported")).isEqualTo(i.pipeline());
        assertThat(i.pipeline().environments()).containsOnlyKeys("local", "aws");
        assertThat(Placeholders.find(i.pipeline(), "local")).isEmpty();
        assertThat(i.yaml()).contains("  slotName: shop_slot   # from source.properties slot.name\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            snapshot.mode=no_data                        | snapshotMode     | NO_DATA
            max.batch.size=4096                          | maxBatchSize     | 4096
            max.queue.size=16384                         | maxQueueSize     | 16384
            poll.interval.ms=100                         | pollIntervalMs   | 100
            producer.override.linger.ms=5                | lingerMs         | 5
            producer.override.batch.size=65536           | batchSize        | 65536
            producer.override.compression.type=lz4       | compressionType  | LZ4
            value.converter.schemas.enable=false         | converterSchemas | false
            """)
    void eachSourceSettingOfTheModelIsMapped(String line, String field, String expected) {
        ImportedPipeline i = imported(SOURCE + line + "\n", SINK);
        var d = i.pipeline().debezium();
        var t = d.tuning();
        Function<String, Object> value = f -> switch (f) {
            case "snapshotMode" -> d.snapshotMode();
            case "maxBatchSize" -> t.maxBatchSize();
            case "maxQueueSize" -> t.maxQueueSize();
            case "pollIntervalMs" -> t.pollIntervalMs();
            case "lingerMs" -> t.producer().lingerMs();
            case "batchSize" -> t.producer().batchSize();
            case "compressionType" -> t.producer().compressionType();
            case "converterSchemas" -> t.converterSchemas();
            default -> throw new IllegalArgumentException(f);
        };

        assertThat(String.valueOf(value.apply(field))).isEqualTo(expected);
        assertThat(i.unmapped()).isEmpty();
        assertThat(PipelineYaml.parse(i.yaml(), "imported")).isEqualTo(i.pipeline());
    }

    @Test
    void sinkSettingsOfTheModelAreMapped() {
        ImportedPipeline i = imported(SOURCE + "value.converter.schemas.enable=false\n", SINK
                + "errors.tolerance=all\nerrors.log.enable=false\nvalue.converter.schemas.enable=false\n"
                + "connect.s3.aws.auth.mode=Default\ntasks.max=1\n", new ConnectorImport.Options("my-lake", true, null));
        Sink s = i.pipeline().sink();

        assertThat(i.unmapped()).isEmpty();
        assertThat(i.pipeline().name()).isEqualTo("my-lake");
        assertThat(s.errors()).isEqualTo(new Sink.Errors(Sink.Errors.Tolerance.ALL, false));
        assertThat(s.connectorClass()).isEqualTo(Sink.LENSES_CONNECTOR);
        assertThat(i.pipeline().environment("aws").msk().plugins().sink().kind()).isEqualTo(SinkPluginKind.LENSES);
    }

    @Test
    void theBuiltInSinkRunsUnlessTheFilesClassIsKept() {
        ImportedPipeline i = imported(SOURCE, SINK);

        assertThat(i.pipeline().sink().connectorClass()).isEqualTo(Sink.BUILT_IN_CONNECTOR);
        assertThat(i.pipeline().environment("aws").msk().plugins().sink().kind()).isEqualTo(SinkPluginKind.BUILTIN);
        assertThat(i.comments().get("sink.connectorClass")).contains("names " + Sink.LENSES_CONNECTOR);
    }

    @Test
    void debezium1NamesAndDefaultsLeftOutAreSaidSo() {
        ImportedPipeline i = imported(SOURCE.replace("topic.prefix=shop", "database.server.name=shop")
                .replace("slot.name=shop_slot\n", "").replace("publication.name=shop_pub\n", "")
                + "schema.include=sales\n", SINK);

        assertThat(i.unmapped()).isEmpty();
        assertThat(i.pipeline().source().slotName()).isEqualTo("debezium");
        assertThat(i.pipeline().source().publication().name()).isEqualTo("dbz_publication");
        assertThat(i.comments()).containsEntry("source.slotName", "not set in source.properties: Debezium's default")
                .containsEntry("debezium.topicPrefix",
                        "from source.properties database.server.name (Debezium 1's name for topic.prefix)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plugin.name=decoderbufs                             | plugin.name: is decoderbufs; cdc-lake decodes with pgoutput
            tasks.max=2                                         | tasks.max: is 2; the PostgreSQL connector runs one task
            snapshot.mode=sometimes                             | snapshot.mode: is sometimes; a pipeline takes one of initial, initial_only, no_data, when_needed, always
            max.batch.size=lots                                 | max.batch.size: 'lots' is not a valid value for debezium.tuning.maxBatchSize
            key.converter=io.confluent.connect.avro.AvroConverter | key.converter: is io.confluent.connect.avro.AvroConverter; cdc-lake writes the topics as JSON
            transforms.unwrap.route.by.field=x                  | transforms.unwrap.route.by.field: is not an unwrap setting a pipeline declares (deleteHandling, addFields, addHeaders)
            heartbeat.interval.ms=1000                          | heartbeat.interval.ms: not a setting of the pipeline model; cdc-lake does not render it, so Debezium's default applies
            database.server.name=other                          | database.server.name: differs from topic.prefix, which the pipeline keeps
            schema.include.list=sales,audit                     | schema.include.list: lists 'sales,audit'; cdc-lake includes the captured tables' schemas (sales)
            key.converter.schemas.enable=true                   | key.converter.schemas.enable: differs from value.converter.schemas.enable (false); the pipeline sets both with debezium.tuning.converterSchemas
            """)
    void eachUnmappableSourceSettingIsListedWithItsReason(String line, String expected) {
        String extra = line.startsWith("key.converter.schemas") ? "value.converter.schemas.enable=false\n" : "";
        ImportedPipeline i = imported(SOURCE + extra + line + "\n", SINK);

        assertThat(unmapped(i)).singleElement().satisfies(u -> assertThat(u).startsWith("source.properties " + expected));
        assertThat(i.yaml()).contains("#   source.properties " + expected);
        assertThat(PipelineYaml.parse(i.yaml(), "imported")).isEqualTo(i.pipeline());
    }

    @Test
    void otherTransformsAndAMissingUnwrapAreListed() {
        ImportedPipeline i = imported(SOURCE.replace("transforms=unwrap", "transforms=route")
                .replace("transforms.unwrap.type=io.debezium.transforms.ExtractNewRecordState",
                        "transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter"), SINK);

        assertThat(unmapped(i)).containsExactly(
                "source.properties transforms.route.type: cdc-lake applies only the unwrap transform"
                        + " (io.debezium.transforms.ExtractNewRecordState)",
                "source.properties transforms: has no io.debezium.transforms.ExtractNewRecordState; cdc-lake always"
                        + " applies it, so the records in S3 are the rows themselves");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            connect.s3.vhost.bucket=true                        | connect.s3.vhost.bucket: cdc-lake sets the addressing style per environment
            connect.s3.custom.endpoint=http://minio:9000        | connect.s3.custom.endpoint: cdc-lake sets the endpoint per environment
            aws.custom.endpoint=https://s3.eu-west-1.amazonaws.com/ | aws.custom.endpoint: is S3's own endpoint, which the sink uses by default
            connect.s3.aws.auth.mode=Credentials                | connect.s3.aws.auth.mode: is Credentials; on MSK Connect the connector's execution role reaches S3
            tasks.max=4                                         | tasks.max: is 4; cdc-lake runs one sink task
            errors.tolerance=some                               | errors.tolerance: is some; Connect takes none or all
            key.converter.schemas.enable=false                  | key.converter.schemas.enable: is false; the sink reads the topics as the source writes them (schemas true
            value.converter=org.apache.kafka.connect.storage.StringConverter | value.converter: is org.apache.kafka.connect.storage.StringConverter; the sink reads the topics as JSON
            connect.s3.padding.length.offset=12                 | connect.s3.padding.length.offset: not a setting of the pipeline model; cdc-lake does not render it, so the sink's default applies
            aws.region=eu-central-1                             | aws.region: differs from connect.s3.aws.region, which the pipeline keeps
            """)
    void eachUnmappableSinkSettingIsListedWithItsReason(String line, String expected) {
        ImportedPipeline i = imported(SOURCE, SINK + line + "\n");

        assertThat(unmapped(i)).singleElement().satisfies(u -> assertThat(u).startsWith("sink.properties " + expected));
    }

    @Test
    void kcqlItCannotMapIsListedClauseByClause() {
        ImportedPipeline i = imported(SOURCE, SINK.replaceFirst("connect.s3.kcql=.*",
                "connect.s3.kcql=INSERT INTO shop-lake:changes SELECT order_id, total FROM shop.sales.orders PARTITIONBY"
                        + " order_id STOREAS `parquet` PROPERTIES('padding.type'='LeftPad') WITH_PARTITIONER = Values;"
                        + " INSERT INTO shop-lake:lines SELECT * FROM shop.sales.order_lines PARTITIONBY order_id;"
                        + " INSERT INTO shop-lake:changes SELECT * FROM shop.sales.customers PARTITIONBY order_id"));

        assertThat(unmapped(i)).containsExactly(
                "sink.properties connect.s3.kcql STOREAS: is parquet; the built-in sink stores json (keep the Lenses sink"
                        + " class to store parquet)",
                "sink.properties connect.s3.kcql statement 1: selects order_id, total; the pipeline writes every field"
                        + " (SELECT *)",
                "sink.properties connect.s3.kcql statement 1 WITH_PARTITIONER: 'WITH_PARTITIONER = Values' is not in the"
                        + " pipeline model; the sink's default applies",
                "sink.properties connect.s3.kcql statement 2: writes shop.sales.order_lines to another bucket, format or"
                        + " flush than statement 1; the pipeline writes every topic as statement 1 does",
                "sink.properties connect.s3.kcql statement 3: reads topic shop.sales.customers, which no captured table"
                        + " writes (they write shop.sales.orders, shop.sales.order_lines)",
                "sink.properties connect.s3.kcql statement 3: writes shop.sales.customers to another bucket, format or"
                        + " flush than statement 1; the pipeline writes every topic as statement 1 does",
                "sink.properties connect.s3.kcql PROPERTIES('padding.type'): not in the pipeline model; the sink's"
                        + " default applies");
        assertThat(i.pipeline().sink().storeAs()).isEqualTo(Sink.StoreAs.JSON);
    }

    @Test
    void tablesOfSeveralSchemasTheUnwrapSettingsAndATopicsOwnLayoutAreImported() {
        ImportedPipeline i = imported(SOURCE.replace("sales.order_lines", "audit.order_lines")
                        .replace("schema.include.list=sales", "schema.include.list=sales,audit")
                        + "publication.autocreate.mode=disabled\n"
                        + "transforms.unwrap.drop.tombstones=true\ntransforms.unwrap.delete.handling.mode=rewrite\n"
                        + "transforms.unwrap.add.fields=op,table\n",
                SINK.replace("shop.sales.order_lines", "shop.audit.order_lines")
                        .replaceFirst("connect.s3.kcql=.*", "connect.s3.kcql=INSERT INTO shop-lake:changes SELECT * FROM"
                        + " shop.sales.orders PARTITIONBY order_id STOREAS `json` WITH_FLUSH_COUNT = 10;"
                        + " INSERT INTO shop-lake:lines SELECT * FROM shop.audit.order_lines NOPARTITION STOREAS `json`"
                        + " WITH_FLUSH_COUNT = 10"));
        Pipeline p = i.pipeline();

        assertThat(unmapped(i)).isEmpty();
        assertThat(p.source().tables()).containsExactly("sales.orders", "audit.order_lines");
        assertThat(p.source().publication()).isEqualTo(new Source.Publication("shop_pub", false));
        assertThat(p.debezium().unwrap()).isEqualTo(new DebeziumSource.Unwrap("rewrite", List.of("op", "table"), List.of()));
        assertThat(p.sink().statementFor("shop.sales.orders")).isEqualTo(
                new Sink.Statement("shop.sales.orders", "changes", List.of("order_id")));
        assertThat(p.sink().statementFor("shop.audit.order_lines")).isEqualTo(
                new Sink.Statement("shop.audit.order_lines", "lines", List.of()));
        assertThat(ConnectorRenderer.preview(p, "aws").source().config())
                .containsEntry("schema.include.list", "sales,audit")
                .containsEntry("transforms.unwrap.delete.tombstone.handling.mode", "rewrite")
                .containsEntry("transforms.unwrap.add.fields", "op,table");
    }

    @Test
    void bothKcqlFlushFormsGiveTheSameFlush() {
        String old = SINK.replaceFirst("WITH_FLUSH_COUNT = 10",
                "WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50 WITH_FLUSH_SIZE = 5000000");
        String current = SINK.replaceFirst("WITH_FLUSH_COUNT = 10",
                "PROPERTIES('flush.count'=50, 'flush.interval'=60, 'flush.size'=5000000)");

        Flush expected = new Flush(60, 50, 5_000_000L);
        assertThat(imported(SOURCE, old).pipeline().sink().flush()).isEqualTo(expected);
        ImportedPipeline i = imported(SOURCE, current);
        assertThat(i.pipeline().sink().flush()).isEqualTo(expected);
        assertThat(i.unmapped()).isEmpty();
        assertThat(i.comments()).containsEntry("sink.flush.intervalSeconds",
                "from sink.properties connect.s3.kcql PROPERTIES('flush.interval')");
    }

    @Test
    void theLensesLineIsTheOneTheFilesFormsBelongTo() {
        String current = SINK.replaceFirst("WITH_FLUSH_COUNT = 10", "PROPERTIES('flush.count'=10)");
        assertThat(imported(SOURCE, SINK).pipeline().sink().compatibility()).isEqualTo(Sink.Compatibility.LENSES_3);
        ImportedPipeline i = imported(SOURCE, current);
        assertThat(i.pipeline().sink().compatibility()).isEqualTo(Sink.Compatibility.LENSES_9);
        // and the renderer gives the file back in its own form
        assertThat(ConnectorRenderer.preview(i.pipeline(), "aws").sink().config().get("connect.s3.kcql"))
                .endsWith("PROPERTIES('flush.count'=10)");
        assertThat(ConnectorRenderer.preview(imported(SOURCE, SINK).pipeline(), "aws").sink().config()
                .get("connect.s3.kcql")).endsWith("WITH_FLUSH_COUNT = 10");
        // the built-in sink's own key says it outright
        assertThat(imported(SOURCE, current + "\nconnect.s3.compatibility=lenses-3\n").pipeline().sink().compatibility())
                .isEqualTo(Sink.Compatibility.LENSES_3);
    }

    @Test
    void aFlushGivenBothWaysKeepsTheClauseAndSaysSo() {
        ImportedPipeline i = imported(SOURCE, SINK.replaceFirst("WITH_FLUSH_COUNT = 10",
                "WITH_FLUSH_COUNT = 10 PROPERTIES('flush.count'=20)"));

        assertThat(i.pipeline().sink().flush().count()).isEqualTo(10);
        assertThat(unmapped(i)).containsExactly("sink.properties connect.s3.kcql PROPERTIES('flush.count'): differs"
                + " from WITH_FLUSH_COUNT (10), which the pipeline keeps");
    }

    @Test
    void connectRestJsonAndABareJsonMapReadAsProperties() {
        String rest = """
                {"name": "orders-source", "config": {
                  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                  "database.dbname": "shop", "topic.prefix": "shop", "database.port": 6432,
                  "table.include.list": "sales.orders", "transforms": "unwrap",
                  "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState"}}
                """;
        String bare = """
                {"connector.class": "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector",
                 "name": "orders-sink",
                 "connect.s3.kcql": "INSERT INTO shop-lake:changes SELECT * FROM shop.sales.orders PARTITIONBY order_id"}
                """;
        ImportedPipeline i = ConnectorImport.of(List.of(ConnectorFile.parse(bare, "sink.json"),
                ConnectorFile.parse(rest, "source.json")), ConnectorImport.Options.DEFAULTS);

        assertThat(i.pipeline().name()).isEqualTo("orders");
        assertThat(i.pipeline().debezium().connectorName()).isEqualTo("orders-source");
        assertThat(i.pipeline().sink().connectorName()).isEqualTo("orders-sink");
        assertThat(i.pipeline().environment("aws").database().port()).isEqualTo(6432);
        assertThat(i.files()).containsExactly("sink.json", "source.json");
        assertThat(i.unmapped()).isEmpty();
        assertThat(PipelineYaml.parse(i.yaml(), "imported")).isEqualTo(i.pipeline());
    }

    @Test
    void placeholdersStayPlaceholdersAndWhatNoFileSaysBecomesOne() {
        ImportedPipeline i = imported(SOURCE.replace("database.hostname=db.internal.example",
                        "database.hostname=<database-hostname-or-ip-address>").replace("database.user=cdc\n", ""),
                SINK.replace("connect.s3.aws.region=eu-west-1\n", ""));
        Environment aws = i.pipeline().environment("aws");

        assertThat(aws.database().host()).isEqualTo("<database-hostname-or-ip-address>");
        assertThat(aws.database().user()).isEqualTo("<database-user>");
        assertThat(aws.region()).isEqualTo("<aws-region>");
        assertThat(Placeholders.find(i.pipeline(), "aws")).extracting(Problem::path).contains(
                "environments.aws.database.host", "environments.aws.database.user", "environments.aws.region",
                "environments.aws.database.password", "environments.aws.msk.cluster.bootstrapServers",
                "environments.aws.msk.serviceExecutionRoleArn");
        assertThat(PipelineYaml.parse(i.yaml(), "imported")).isEqualTo(i.pipeline());
    }

    @Test
    void secretsAreNeverCopiedNorPrinted() {
        String password = "Pa55-word-never-shown";
        String secretKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
        ImportedPipeline i = imported(SOURCE + "database.password=" + password + "\n",
                SINK + "connect.s3.aws.access.key=AKIAEXAMPLEACCESSKEY\nconnect.s3.aws.secret.key=" + secretKey + "\n");

        assertThat(i.yaml()).doesNotContain(password, secretKey, "AKIAEXAMPLEACCESSKEY");
        assertThat(i.comments().values()).noneMatch(c -> c.contains(password));
        assertThat(unmapped(i)).containsExactly(
                "source.properties database.password: a secret, not copied: store it in Secrets Manager and put the"
                        + " secret's ARN in environments.aws.database.password",
                "sink.properties connect.s3.aws.access.key: a secret, not copied: on MSK Connect the connector's"
                        + " execution role reaches S3",
                "sink.properties connect.s3.aws.secret.key: a secret, not copied: on MSK Connect the connector's"
                        + " execution role reaches S3");
        assertThat(i.pipeline().environment("aws").database().password()).isEqualTo(
                "${secretsmanager:arn:aws:secretsmanager:eu-west-1:<account-id>:secret:<secret-name>:password}");
    }

    @Test
    void aSecretOfASettingItCannotMapIsNotShownEither() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";";
        ImportedPipeline i = imported(SOURCE + "database.sslpassword=hunter2\n", SINK
                + "producer.override.sasl.jaas.config=" + jaas + "\n");

        assertThat(i.yaml()).doesNotContain("hunter2");
        assertThat(unmapped(i)).noneMatch(u -> u.contains("hunter2")).hasSize(2);
    }

    @Test
    void aPasswordReferenceIsKeptAsGivenWithItsRegionAndProvider() {
        String reference = "${secretsmanager:arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:shop-db-AbCdEf:password}";
        ImportedPipeline i = imported(SOURCE + "database.password=" + reference + "\n",
                SINK.replace("connect.s3.aws.region=eu-west-1\n", ""));
        Environment aws = i.pipeline().environment("aws");

        assertThat(aws.database().password()).isEqualTo(reference);
        assertThat(aws.region()).isEqualTo("ap-southeast-2");
        assertThat(i.unmapped()).isEmpty();

        ImportedPipeline env = imported(SOURCE + "database.password=${env:SHOP_DB_PASSWORD}\n", SINK);
        assertThat(env.pipeline().environment("aws").database().password()).isEqualTo("${env:SHOP_DB_PASSWORD}");
        assertThat(env.pipeline().environment("aws").msk().workerProperties())
                .containsEntry("config.providers", "env")
                .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        assertThat(PipelineYaml.parse(env.yaml(), "imported")).isEqualTo(env.pipeline());
    }
}
