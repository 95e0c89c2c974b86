package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlParser;
import io.cdclake.s3sink.kcql.KcqlStatement;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.common.record.TimestampType;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordViewTest {

    static final String TOPIC = "msk.datalake.cdc_events";
    static final KcqlStatement ARTICLE = article("INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM "
            + TOPIC + " PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60"
            + " WITH_FLUSH_COUNT = 50").get(0);
    static final String LINE = "{\"order_id\":11077,\"customer_id\":\"RATTC\",\"freight\":8.53,\"shipped_date\":10392}\n";

    final RecordView.Codec codec = new RecordView.Codec();

    @Test
    void aSchemalessMapGivesTheLineAndDirectories() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("order_id", 11077L);
        value.put("customer_id", "RATTC");
        value.put("freight", 8.53);
        value.put("shipped_date", 10392);
        RecordView view = codec.view(record(null, value));

        assertThat(new String(view.jsonLine(), StandardCharsets.UTF_8)).isEqualTo(LINE);
        assertThat(view.partitionValues(ARTICLE)).containsExactly("RATTC", "11077");
    }

    @Test
    void aStructWithASchemaGivesTheSameLine() {
        Schema schema = SchemaBuilder.struct()
                .field("order_id", Schema.INT32_SCHEMA)
                .field("customer_id", Schema.STRING_SCHEMA)
                .field("freight", Decimal.schema(2))
                .field("shipped_date", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        Struct value = new Struct(schema).put("order_id", 11077).put("customer_id", "RATTC")
                .put("freight", new BigDecimal("8.53")).put("shipped_date", 10392);
        RecordView view = codec.view(record(schema, value));

        assertThat(new String(view.jsonLine(), StandardCharsets.UTF_8)).isEqualTo(LINE);
        assertThat(view.partitionValues(ARTICLE)).containsExactly("RATTC", "11077");
    }

    @Test
    void jsonTextFromAStringConverterGivesTheSameLine() {
        RecordView view = codec.view(record(Schema.STRING_SCHEMA,
                "{ \"order_id\": 11077,\n \"customer_id\": \"RATTC\", \"freight\": 8.53, \"shipped_date\": 10392 }"));

        assertThat(new String(view.jsonLine(), StandardCharsets.UTF_8)).isEqualTo(LINE);
        assertThat(view.partitionValues(ARTICLE)).containsExactly("RATTC", "11077");
    }

    @Test
    void jsonBytesGiveTheSameLine() {
        RecordView view = codec.view(record(Schema.BYTES_SCHEMA, LINE.getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(view.jsonLine(), StandardCharsets.UTF_8)).isEqualTo(LINE);
    }

    @Test
    void nestedKeyAndHeaderFields() {
        KcqlStatement s = article("INSERT INTO bucket-a SELECT * FROM " + TOPIC
                + " PARTITIONBY address.city, _key.id, _header.tenant, flag").get(0);
        Map<String, Object> value = Map.of("address", Map.of("city", "Graz/Süd"), "flag", true);
        SinkRecord r = new SinkRecord(TOPIC, 0, null, "{\"id\": 7}", null, value, 42, 0L, TimestampType.CREATE_TIME,
                new ConnectHeaders().addString("tenant", "acme"));

        assertThat(codec.view(r).partitionValues(s)).containsExactly("Graz/Süd", "7", "acme", "true");
        assertThat(ObjectKeys.directory(s, codec.view(r).partitionValues(s)))
                .as("Lenses 3 writes a '/' in a value as '-'")
                .isEqualTo("streamreactor/address.city=Graz-Süd/id=7/tenant=acme/flag=true");
    }

    @Test
    void aMissingFieldIsTheDirectoryMissingAsInLenses() {
        RecordView view = codec.view(record(null, Map.of("customer_id", "RICSU")));

        assertThat(view.partitionValues(ARTICLE)).containsExactly("RICSU", "[missing]");
        assertThat(codec.view(record(null, Map.of("order_id", Map.of("x", 1), "customer_id", "A")))
                .partitionValues(KcqlParser.parse("INSERT INTO bucket-a SELECT * FROM " + TOPIC
                        + " PARTITIONBY order_id.y, customer_id.z", Compatibility.LENSES_9).get(0)))
                .as("a path below a value or into a structure that lacks it").containsExactly("[missing]", "[missing]");
    }

    @Test
    void aMissingHeaderOrKeyNamesTopicPartitionOffsetAndField() {
        KcqlStatement s = KcqlParser.parse("INSERT INTO bucket-a SELECT * FROM " + TOPIC
                + " PARTITIONBY _header.tenant", Compatibility.LENSES_9).get(0);

        assertThatThrownBy(() -> codec.view(record(null, Map.of("order_id", 1))).partitionValues(s))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("topic msk.datalake.cdc_events, partition 3, offset 42: the record has no header"
                        + " 'tenant', which PARTITIONBY _header.tenant of KCQL statement 1 needs; add it upstream, or"
                        + " set errors.tolerance=all (with errors.deadletterqueue.topic.name) to send such records to"
                        + " a dead letter queue");
    }

    @Test
    void theRecordsTopicPartitionAndTimeAsDirectories() {
        KcqlStatement s = KcqlParser.parse("INSERT INTO bucket-a:p SELECT * FROM " + TOPIC + " PARTITIONBY _topic,"
                + " _partition, _date.uuuu, _key PROPERTIES('padding.length.partition'=3)", Compatibility.LENSES_9).get(0);
        long timestamp = java.time.ZonedDateTime.of(2021, 11, 20, 12, 0, 0, 0, java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        SinkRecord r = new SinkRecord(TOPIC, 3, null, "RATTC", null, Map.of("order_id", 1), 42, timestamp,
                TimestampType.CREATE_TIME);

        assertThat(ObjectKeys.directory(s, codec.view(r).partitionValues(s)))
                .isEqualTo("p/topic=msk.datalake.cdc_events/partition=003/date=2021/key=RATTC");
    }

    @Test
    void aNullFieldIsTheDirectoryNull() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("customer_id", null);
        value.put("order_id", 1);

        assertThat(codec.view(record(null, value)).partitionValues(ARTICLE)).containsExactly("null", "1");
    }

    @Test
    void aStructureIsNoPartitionValue() {
        RecordView view = codec.view(record(null, Map.of("customer_id", Map.of("id", 1), "order_id", 1)));

        assertThatThrownBy(() -> view.partitionValues(ARTICLE))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("PARTITIONBY customer_id of KCQL statement 1 is a structure, not a single value");
    }

    @Test
    void textThatLooksLikeJsonButIsNotIsABadRecord() {
        RecordView view = codec.view(record(Schema.STRING_SCHEMA, "{\"order_id\": "));

        assertThatThrownBy(view::jsonLine)
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("topic msk.datalake.cdc_events, partition 3, offset 42: its value looks like"
                        + " JSON but does not parse");
    }

    @Test
    void aPlainStringIsWrittenAsAJsonString() {
        assertThat(new String(codec.view(record(Schema.STRING_SCHEMA, "hello \"world\"")).jsonLine(),
                StandardCharsets.UTF_8)).isEqualTo("\"hello \\\"world\\\"\"\n");
    }

    @Test
    void aTombstoneIsRecognised() {
        assertThat(codec.view(record(null, null)).isTombstone()).isTrue();
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord(TOPIC, 3, null, null, schema, value, 42);
    }

    /** The article's Lenses line, whose KCQL these statements are written in. */
    private static List<KcqlStatement> article(String kcql) {
        return KcqlParser.parse(kcql, Compatibility.LENSES_3);
    }
}
