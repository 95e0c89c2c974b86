package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.kcql.Padding;
import io.cdclake.s3sink.kcql.PartitionField;

import java.util.List;

/**
 * The sink's object names, the Lenses S3 sink's layout:
 * {@code <prefix>/<f1>=<v1>/<f2>=<v2>/<topic>(<partition>_<offset of the last record>).json} (Lenses 9 pads the
 * offset to 12 digits), {@code <prefix>/<topic>/<partition>/<offset>_<first ts>_<last ts>.json} without PARTITIONBY
 * (Lenses 3: {@code .../<partition>/<offset>.json}), and the index objects under
 * {@code <indexes>/<connector>/<topic>/<partition>.json}.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * The directory of a statement's files for one record's partition values (same order as PARTITIONBY);
     * no trailing '/'; empty for NOPARTITION without a prefix.
     */
    public static String directory(KcqlStatement statement, List<String> values) {
        StringBuilder dir = new StringBuilder(statement.prefix());
        List<PartitionField> fields = statement.partitionBy();
        for (int i = 0; i < fields.size(); i++) {
            if (dir.length() > 0) {
                dir.append('/');
            }
            if (!statement.valuesOnly()) {
                dir.append(fields.get(i).label()).append('=');
            }
            dir.append(value(statement.line(), values.get(i)));
        }
        return dir.toString();
    }

    /** The name of a file of {@code directory} holding records up to {@code lastOffset}. */
    public static String file(KcqlStatement statement, String directory, String topic, int partition,
                              long lastOffset, long firstTimestamp, long lastTimestamp) {
        Padding padding = statement.padding();
        String offset = padding.pad(Padding.FIELD_OFFSET, lastOffset);
        String name;
        switch (statement.naming()) {
            case OFFSET:
                name = offset + ".json";
                break;
            case OFFSET_TIMESTAMPS:
                name = offset + "_" + firstTimestamp + "_" + lastTimestamp + statement.keySuffix() + ".json";
                break;
            default:
                name = topic + "(" + padding.pad(Padding.FIELD_PARTITION, partition) + "_" + offset + ")"
                        + statement.keySuffix() + ".json";
        }
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    public static String index(String indexesName, String connector, String topic, int partition) {
        return indexesName + "/" + connector + "/" + topic + "/" + partition + ".json";
    }

    /**
     * Lenses 3 replaces '/' and '\' in a value by '-'; Lenses 9 writes the value as it is, so a '/' in it opens
     * further directories there and here.
     */
    private static String value(Compatibility line, String value) {
        return line == Compatibility.LENSES_3 ? value.replace('/', '-').replace('\\', '-') : value;
    }
}
