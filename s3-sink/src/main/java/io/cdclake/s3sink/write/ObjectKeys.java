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
 * (Lenses 3: {@code .../<partition>/<offset>.json}, with NOPARTITION too), and the index objects under
 * {@code <indexes>/<connector>/<topic>/<partition>.json}.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Where Lenses 3 writes when a statement names no prefix. */
    static final String LENSES_3_DEFAULT_PREFIX = "streamreactor";

    /**
     * The part of a statement's keys before the file name, for one record's partition values (same order as
     * PARTITIONBY), as each Lenses line joins it. Lenses 9 joins {@code <prefix>/}, the directories and the file
     * name with '/' even where a part is empty: NOPARTITION gives {@code <prefix>//<file>}, or {@code /<file>}
     * without a prefix, keys S3 keeps as they are. Lenses 3 writes under {@code streamreactor} without a prefix.
     */
    public static String directory(KcqlStatement statement, List<String> values) {
        StringBuilder dir = new StringBuilder();
        if (statement.line() == Compatibility.LENSES_3) {
            dir.append(statement.prefix().isEmpty() ? LENSES_3_DEFAULT_PREFIX : statement.prefix()).append('/');
        } else if (!statement.prefix().isEmpty()) {
            dir.append(statement.prefix()).append('/');
        }
        List<PartitionField> fields = statement.partitionBy();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                dir.append('/');
            }
            if (!statement.valuesOnly()) {
                dir.append(fields.get(i).label()).append('=');
            }
            dir.append(value(statement.line(), values.get(i)));
        }
        return dir.toString();
    }

    /** The key of a file of {@code directory} holding records up to {@code lastOffset}. */
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
        return directory + "/" + name;
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
