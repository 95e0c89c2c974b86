package io.cdclake.s3sink.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.kcql.Padding;
import io.cdclake.s3sink.kcql.PartitionField;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Reads what the sink needs from one record: its value as one line of JSON, and its PARTITIONBY values. Values
 * arrive as Connect structs (JsonConverter with schemas, Avro...), as schemaless maps (JsonConverter without
 * schemas), or as JSON text (StringConverter, ByteArrayConverter); all three give the same line and directories.
 */
public final class RecordView {

    private static final String FIX = "add it upstream, or set errors.tolerance=all (with"
            + " errors.deadletterqueue.topic.name) to send such records to a dead letter queue";
    /** What Lenses writes in place of a PARTITIONBY field the record lacks. */
    static final String MISSING = "[missing]";
    private static final Object ABSENT = new Object();

    /** Shared per task: the converter and mapper hold no per-record state. */
    public static final class Codec {
        private final JsonConverter converter = new JsonConverter();
        private final ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

        public Codec() {
            // Decimals as JSON numbers, not base64: the files are meant to be read by query engines.
            converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false",
                    JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "NUMERIC",
                    JsonConverterConfig.TYPE_CONFIG, "value"));
        }

        public RecordView view(SinkRecord record) {
            return new RecordView(this, record);
        }
    }

    private final Codec codec;
    private final SinkRecord record;
    private Object parsedValue;
    private Object parsedKey;

    private RecordView(Codec codec, SinkRecord record) {
        this.codec = codec;
        this.record = record;
    }

    public SinkRecord record() {
        return record;
    }

    /** A null value: nothing to write. */
    public boolean isTombstone() {
        return record.value() == null;
    }

    /** The value as one compact JSON document followed by '\n'. */
    public byte[] jsonLine() {
        Object value = value();
        byte[] json;
        if (value instanceof JsonNode) {
            try {
                json = codec.mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new BadRecordException(record, "its value cannot be written as JSON (" + e.getOriginalMessage()
                        + ")", "fix the producer");
            }
        } else if (value instanceof String) {
            try {
                json = codec.mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // a plain string always serializes
            }
        } else {
            json = codec.converter.fromConnectData(record.topic(), record.valueSchema(), value);
        }
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /**
     * The record's values for a statement's PARTITIONBY fields, in order, as directory names; a field path the
     * value or key lacks is {@value #MISSING}, as in Lenses.
     */
    public List<String> partitionValues(KcqlStatement statement) {
        List<String> values = new ArrayList<>(statement.partitionBy().size());
        for (PartitionField field : statement.partitionBy()) {
            Object value = read(field, statement);
            values.add(value == ABSENT ? MISSING : directoryValue(field, statement, value));
        }
        return values;
    }

    private Object read(PartitionField field, KcqlStatement statement) {
        Object current;
        switch (field.source()) {
            case TOPIC:
                return record.topic();
            case PARTITION:
                return statement.padding().pad(Padding.FIELD_PARTITION, record.kafkaPartition());
            case DATE:
                if (record.timestamp() == null) {
                    throw missing("has no timestamp", field, statement);
                }
                return DateTimeFormatter.ofPattern(field.path().get(0)).withZone(ZoneId.systemDefault())
                        .format(Instant.ofEpochMilli(record.timestamp()));
            case HEADER:
                Header header = record.headers().lastWithName(field.path().get(0));
                if (header == null) {
                    throw missing("has no header '" + field.path().get(0) + "'", field, statement);
                }
                return header.value();
            case KEY:
                current = key();
                if (current == null) {
                    throw missing("has no key", field, statement);
                }
                break;
            default:
                current = value();
        }
        List<String> path = field.path();
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            if (current instanceof Struct) {
                Field f = ((Struct) current).schema().field(name);
                if (f == null) {
                    return ABSENT;
                }
                current = ((Struct) current).get(f);
            } else if (current instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) current;
                if (!map.containsKey(name)) {
                    return ABSENT;
                }
                current = map.get(name);
            } else if (current instanceof JsonNode && ((JsonNode) current).isObject()) {
                JsonNode node = ((JsonNode) current).get(name);
                if (node == null) {
                    return ABSENT;
                }
                current = node;
            } else {
                return ABSENT; // a path through a single value
            }
        }
        return current;
    }

    private String directoryValue(PartitionField field, KcqlStatement statement, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonNode) {
            JsonNode node = (JsonNode) value;
            if (node.isNull()) {
                return "null";
            }
            if (node.isValueNode() && !node.isBinary()) {
                return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
            }
        } else if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        } else if (value instanceof Date) {
            return String.valueOf(((Date) value).getTime());
        }
        String kind = value instanceof Struct || value instanceof Map || value instanceof JsonNode
                || value instanceof Collection ? "a structure" : value.getClass().getSimpleName();
        throw new BadRecordException(record, "PARTITIONBY " + field + " of KCQL statement " + statement.number()
                + " is " + kind + ", not a single value", "partition by a field holding a string, number or boolean");
    }

    private BadRecordException missing(String problem, PartitionField field, KcqlStatement statement) {
        return new BadRecordException(record, "the record " + problem + ", which PARTITIONBY " + field
                + " of KCQL statement " + statement.number() + " needs", FIX);
    }

    private Object value() {
        if (parsedValue == null) {
            parsedValue = json(record.value(), "value");
        }
        return parsedValue;
    }

    private Object key() {
        if (parsedKey == null) {
            parsedKey = json(record.key(), "key");
        }
        return parsedKey;
    }

    /** JSON text (a string holding an object or array, or bytes) becomes a tree; anything else stays as it is. */
    private Object json(Object raw, String what) {
        if (raw instanceof byte[]) {
            try {
                return codec.mapper.readTree((byte[]) raw);
            } catch (IOException e) {
                throw new BadRecordException(record, "its " + what + " is bytes that are not JSON",
                        "use JsonConverter or StringConverter upstream, or fix the producer");
            }
        }
        if (raw instanceof String) {
            String text = ((String) raw).trim();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return codec.mapper.readTree(text);
                } catch (IOException e) {
                    throw new BadRecordException(record, "its " + what + " looks like JSON but does not parse ("
                            + e.getMessage().lines().findFirst().orElse("") + ")", "fix the producer");
                }
            }
        }
        return raw;
    }
}
