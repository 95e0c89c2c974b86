package io.cdclake.s3sink.kcql;

import java.util.List;
import java.util.Objects;

/**
 * One PARTITIONBY entry: where its value is read ({@code _value.}, the default; {@code _key}; {@code _header.};
 * the record's {@code _topic}, {@code _partition} or {@code _date.<pattern>}) and the path of nested field names.
 * {@link #label()} names the object key's directory ({@code <label>=<value>}).
 */
public final class PartitionField {

    /** Which part of the Kafka record a field is read from. */
    public enum Source { VALUE, KEY, HEADER, TOPIC, PARTITION, DATE }

    private final Source source;
    private final List<String> path;
    private final String label;

    private PartitionField(Source source, List<String> path, String label) {
        this.source = source;
        this.path = List.copyOf(path);
        this.label = label;
    }

    /**
     * A field as a line of Lenses names it: the whole key is {@code _key} in Lenses 3 and {@code key} in Lenses 9;
     * {@code _topic}, {@code _partition} and {@code _date.*} are {@code topic}, {@code partition} and {@code date}.
     */
    static PartitionField of(Source source, List<String> path, Compatibility line) {
        String label;
        switch (source) {
            case KEY:
                label = path.isEmpty() ? (line == Compatibility.LENSES_3 ? "_key" : "key") : String.join(".", path);
                break;
            case TOPIC:
                label = "topic";
                break;
            case PARTITION:
                label = "partition";
                break;
            case DATE:
                label = "date";
                break;
            default:
                label = String.join(".", path);
        }
        return new PartitionField(source, path, label);
    }

    public Source source() {
        return source;
    }

    /**
     * Nested field names from the top of the value/key; for a header, its name; for a date, its pattern. Empty
     * for the whole key, the topic and the partition.
     */
    public List<String> path() {
        return path;
    }

    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionField)) {
            return false;
        }
        PartitionField other = (PartitionField) o;
        return source == other.source && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, path);
    }

    @Override
    public String toString() {
        switch (source) {
            case KEY:
                return path.isEmpty() ? "_key" : "_key." + label;
            case HEADER:
                return "_header." + label;
            case TOPIC:
                return "_topic";
            case PARTITION:
                return "_partition";
            case DATE:
                return "_date." + path.get(0);
            default:
                return label;
        }
    }
}
