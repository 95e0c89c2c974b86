package io.cdclake.s3sink.kcql;

import java.util.List;
import java.util.Objects;

/**
 * One parsed {@code INSERT INTO bucket[:prefix] SELECT * FROM topic ...} statement: where a topic's records go,
 * how they are grouped into directories and when a file is written.
 */
public final class KcqlStatement {

    private final int number;
    private final String bucket;
    private final String prefix;
    private final String topic;
    private final List<PartitionField> partitionBy;
    private final boolean valuesOnly;
    private final String format;
    private final FlushPolicy flush;

    KcqlStatement(int number, String bucket, String prefix, String topic, List<PartitionField> partitionBy,
                  boolean valuesOnly, String format, FlushPolicy flush) {
        this.number = number;
        this.bucket = bucket;
        this.prefix = prefix;
        this.topic = topic;
        this.partitionBy = List.copyOf(partitionBy);
        this.valuesOnly = valuesOnly;
        this.format = format;
        this.flush = flush;
    }

    /** 1-based number of the statement in the {@code ;}-separated text. */
    public int number() {
        return number;
    }

    public String bucket() {
        return bucket;
    }

    /** The object key prefix without leading or trailing {@code /}; empty when the statement names none. */
    public String prefix() {
        return prefix;
    }

    public String topic() {
        return topic;
    }

    /** The PARTITIONBY fields in order; empty for NOPARTITION (or no PARTITIONBY clause). */
    public List<PartitionField> partitionBy() {
        return partitionBy;
    }

    /** {@code WITHPARTITIONER = Values}: directories are {@code <value>} instead of {@code <field>=<value>}. */
    public boolean valuesOnly() {
        return valuesOnly;
    }

    /** The STOREAS format, lower case. */
    public String format() {
        return format;
    }

    public FlushPolicy flush() {
        return flush;
    }

    /** {@code bucket} or {@code bucket:prefix}, as written after INSERT INTO. */
    public String target() {
        return prefix.isEmpty() ? bucket : bucket + ":" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KcqlStatement)) {
            return false;
        }
        KcqlStatement other = (KcqlStatement) o;
        return number == other.number && valuesOnly == other.valuesOnly && bucket.equals(other.bucket)
                && prefix.equals(other.prefix) && topic.equals(other.topic) && partitionBy.equals(other.partitionBy)
                && format.equals(other.format) && flush.equals(other.flush);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, bucket, prefix, topic, partitionBy, valuesOnly, format, flush);
    }

    @Override
    public String toString() {
        return "INSERT INTO " + target() + " SELECT * FROM " + topic
                + (partitionBy.isEmpty() ? " NOPARTITION" : " PARTITIONBY " + partitionBy)
                + " STOREAS " + format + " (" + flush + ")";
    }
}
