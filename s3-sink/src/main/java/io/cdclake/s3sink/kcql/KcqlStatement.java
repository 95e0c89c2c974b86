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
    private final Compatibility line;
    private final Naming naming;
    private final Padding padding;
    private final String keySuffix;

    /** How the file name after the directory is made. */
    public enum Naming {
        /** {@code <topic>(<partition>_<offset>)<suffix>.json}: with PARTITIONBY or NOPARTITION. */
        TOPIC_PARTITION_OFFSET,
        /** {@code <offset>_<first record's timestamp>_<last's><suffix>.json}: Lenses 9 without PARTITIONBY. */
        OFFSET_TIMESTAMPS,
        /** {@code <offset>.json}: Lenses 3 without PARTITIONBY. */
        OFFSET
    }

    KcqlStatement(int number, String bucket, String prefix, String topic, List<PartitionField> partitionBy,
                  boolean valuesOnly, String format, FlushPolicy flush, Compatibility line, Naming naming,
                  Padding padding, String keySuffix) {
        this.number = number;
        this.bucket = bucket;
        this.prefix = prefix;
        this.topic = topic;
        this.partitionBy = List.copyOf(partitionBy);
        this.valuesOnly = valuesOnly;
        this.format = format;
        this.flush = flush;
        this.line = line;
        this.naming = naming;
        this.padding = padding;
        this.keySuffix = keySuffix;
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

    /**
     * The directory fields in order: PARTITIONBY's; empty for NOPARTITION; {@code _topic, _partition} (as values)
     * when the statement has no PARTITIONBY clause.
     */
    public List<PartitionField> partitionBy() {
        return partitionBy;
    }

    /**
     * Directories are {@code <value>} instead of {@code <field>=<value>}: {@code WITHPARTITIONER = Values}
     * (Lenses 3), {@code PROPERTIES('partition.include.keys'=false)} (Lenses 9), or no PARTITIONBY clause.
     */
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

    /** The Lenses line the statement was read for. */
    public Compatibility line() {
        return line;
    }

    public Naming naming() {
        return naming;
    }

    public Padding padding() {
        return padding;
    }

    /** {@code PROPERTIES('key.suffix'=...)}: text added to every file name before its extension; empty if none. */
    public String keySuffix() {
        return keySuffix;
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
                && format.equals(other.format) && flush.equals(other.flush) && line == other.line
                && naming == other.naming && padding.equals(other.padding) && keySuffix.equals(other.keySuffix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, bucket, prefix, topic, partitionBy, valuesOnly, format, flush, line, naming, padding,
                keySuffix);
    }

    @Override
    public String toString() {
        return "INSERT INTO " + target() + " SELECT * FROM " + topic
                + (partitionBy.isEmpty() ? " NOPARTITION" : " PARTITIONBY " + partitionBy)
                + " STOREAS " + format + " (" + flush + ")";
    }
}
