package io.cdclake.core.imports;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.cdclake.core.imports.ConnectorImportTest.SINK;
import static io.cdclake.core.imports.ConnectorImportTest.SOURCE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connector files that give no pipeline: one line each, naming the file, the key and the fix. */
class ConnectorImportBadInputTest {

    private static void refused(String source, String sink, String message) {
        assertThatThrownBy(() -> ConnectorImportTest.imported(source, sink)).isInstanceOf(ImportException.class)
                .hasMessage(message);
    }

    private static ConnectorFile file(String name, String text) {
        return ConnectorFile.parse(text, name);
    }

    @Test
    void noSourceOrNoSink() {
        assertThatThrownBy(() -> ConnectorImport.of(List.of(file("sink.properties", SINK)), ConnectorImport.Options.DEFAULTS))
                .isInstanceOf(ImportException.class).hasMessage("sink.properties: connector.class: no file is a Debezium"
                        + " PostgreSQL source. Fix: add the source connector's file"
                        + " (connector.class=io.debezium.connector.postgresql.PostgresConnector)");
        assertThatThrownBy(() -> ConnectorImport.of(List.of(file("a.properties", SOURCE)), ConnectorImport.Options.DEFAULTS))
                .isInstanceOf(ImportException.class).hasMessage("a.properties: connector.class: no file is a KCQL S3 sink."
                        + " Fix: add the sink connector's file"
                        + " (connector.class=io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector)");
    }

    @Test
    void twoSourcesOrTwoSinks() {
        assertThatThrownBy(() -> ConnectorImport.of(List.of(file("a.properties", SOURCE), file("b.properties", SOURCE),
                file("s.properties", SINK)), ConnectorImport.Options.DEFAULTS)).isInstanceOf(ImportException.class)
                .hasMessage("b.properties: connector.class: is a second Debezium PostgreSQL source (the first is"
                        + " a.properties). Fix: pass one source file and one sink file");
        assertThatThrownBy(() -> ConnectorImport.of(List.of(file("s.properties", SINK), file("a.properties", SOURCE),
                file("t.properties", SINK)), ConnectorImport.Options.DEFAULTS)).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("t.properties: connector.class: is a second S3 sink (the first is s.properties)");
    }

    @Test
    void anUnsupportedOrMissingConnectorClass() {
        refused(SOURCE, SINK.replace("io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector",
                        "io.confluent.connect.s3.S3SinkConnector"),
                "sink.properties: connector.class: 'io.confluent.connect.s3.S3SinkConnector' is not a connector cdc-lake"
                        + " imports. Fix: pass a Debezium PostgreSQL source"
                        + " (io.debezium.connector.postgresql.PostgresConnector) and a KCQL S3 sink"
                        + " (io.cdclake.s3sink.S3SinkConnector or io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector)");
        refused(SOURCE.replace("postgresql.PostgresConnector", "mysql.MySqlConnector"), SINK,
                "source.properties: connector.class: 'io.debezium.connector.mysql.MySqlConnector' is not a connector"
                        + " cdc-lake imports. Fix: pass a Debezium PostgreSQL source"
                        + " (io.debezium.connector.postgresql.PostgresConnector) and a KCQL S3 sink"
                        + " (io.cdclake.s3sink.S3SinkConnector or io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector)");
        refused(SOURCE.replaceFirst("connector.class=.*\n", ""), SINK, "source.properties: connector.class: missing."
                + " Fix: name the connector class, io.debezium.connector.postgresql.PostgresConnector or a KCQL S3 sink");
    }

    @Test
    void unparsableFiles() {
        assertThatThrownBy(() -> file("source.json", "{\"name\": \"x\", \"config\": {\"a\": \"b\",}}"))
                .isInstanceOf(ImportException.class)
                .hasMessageStartingWith("source.json: (file): is not valid JSON at line 1, column 36: ");
        assertThatThrownBy(() -> file("source.json", "{\"name\": \"x\", \"config\": [1]}"))
                .isInstanceOf(ImportException.class).hasMessageStartingWith("source.json: config: is not a JSON object.");
        assertThatThrownBy(() -> file("source.json", "{\"config\": {\"transforms\": {\"a\": 1}}}"))
                .isInstanceOf(ImportException.class).hasMessageStartingWith("source.json: transforms: is not a single value.");
        assertThatThrownBy(() -> file("source.properties", "connector.class=x\nname: ok\n[unwrap]\n"))
                .isInstanceOf(ImportException.class).hasMessage("source.properties: line 3: is not key=value. Fix: write"
                        + " one connector property per line as key=value, or pass Connect REST JSON");
        assertThatThrownBy(() -> file("empty.properties", " \n")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("empty.properties: (file): is empty.");
        assertThatThrownBy(() -> ConnectorFile.read(Path.of("no-such-dir", "gone.json"))).isInstanceOf(ImportException.class)
                .hasMessage("gone.json: (file): does not exist. Fix: pass an existing connector file to --from");
    }

    @Test
    void aPropertiesValueMayContinueOnTheNextLine() {
        ConnectorImportTest.imported(SOURCE.replace("table.include.list=sales.orders,sales.order_lines",
                "table.include.list=sales.orders,\\\n    sales.order_lines"), SINK);
    }

    @Test
    void settingsWithoutWhichThereIsNoPipeline() {
        refused(SOURCE.replace("table.include.list=sales.orders,sales.order_lines", "table.include.list=sales.*"), SINK,
                "source.properties: table.include.list: 'sales.*' is a regular expression; a pipeline lists its tables"
                        + " by name. Fix: list each captured table as schema.table");
        refused(SOURCE.replace("table.include.list=sales.orders,sales.order_lines\n", ""), SINK,
                "source.properties: table.include.list: missing; cdc-lake captures the tables it lists. Fix: list the"
                        + " captured tables: table.include.list=schema.table,...");
        refused(SOURCE.replace("database.dbname=shop\n", ""), SINK,
                "source.properties: database.dbname: missing. Fix: name the database Debezium reads");
        refused(SOURCE.replace("topic.prefix=shop\n", ""), SINK,
                "source.properties: topic.prefix: missing. Fix: set the topic prefix Debezium names topics with");
        refused(SOURCE, SINK.replace("shop-lake:changes", "shop-lake"), "sink.properties: connect.s3.kcql: INSERT INTO"
                + " shop-lake has no object key prefix. Fix: write INSERT INTO shop-lake:<prefix>");
        refused(SOURCE, SINK.replaceFirst("connect.s3.kcql=.*\n", ""), "sink.properties: connect.s3.kcql: missing. Fix:"
                + " write the sink's KCQL: INSERT INTO <bucket>:<prefix> SELECT * FROM <topic> PARTITIONBY <field>"
                + " STOREAS `json`");
    }

    @Test
    void aValueThePipelineRefusesIsPointedBackAtItsFileAndKey() {
        refused(SOURCE, SINK.replace("shop-lake:changes", "Shop_Lake:changes"), "sink.properties: connect.s3.kcql:"
                + " sink.bucket is not a valid S3 bucket name: it must not contain upper-case letters (value: Shop_Lake)."
                + " Fix: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or"
                + " digit, e.g. data-lake-demo-cevo");
        refused(SOURCE.replace("slot.name=shop_slot", "slot.name=Shop-Slot"), SINK.replace("shop-lake", "Shop_Lake"),
                "source.properties: slot.name: source.slotName is not a valid replication slot name (value: Shop-Slot)."
                        + " Fix: use 1 to 63 lower-case letters, digits and underscores\n"
                        + "sink.properties: connect.s3.kcql: sink.bucket is not a valid S3 bucket name: it must not"
                        + " contain upper-case letters (value: Shop_Lake). Fix: use 3 to 63 lower-case letters, digits,"
                        + " dots and hyphens, starting and ending with a letter or digit, e.g. data-lake-demo-cevo");
    }
}
