package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.kcql.PartitionField;

import java.util.List;

/**
 * The sink's object names, the Lenses S3 sink's layout:
 * {@code <prefix>/<f1>=<v1>/<f2>=<v2>/<topic>(<partition>_<offset of the last record>).json}, and the index
 * objects under {@code <indexes>/<connector>/<topic>/<partition>.json}.
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
            dir.append(escape(values.get(i)));
        }
        return dir.toString();
    }

    public static String file(String directory, String topic, int partition, long lastOffset) {
        String name = topic + "(" + partition + "_" + lastOffset + ").json";
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    public static String index(String indexesName, String connector, String topic, int partition) {
        return indexesName + "/" + connector + "/" + topic + "/" + partition + ".json";
    }

    /** A value holding '/' would otherwise open extra directories. */
    private static String escape(String value) {
        return value.replace("/", "%2F");
    }
}
