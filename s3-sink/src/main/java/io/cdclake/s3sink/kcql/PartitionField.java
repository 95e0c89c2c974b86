package io.cdclake.s3sink.kcql;

import java.util.List;
import java.util.Objects;

/**
 * One PARTITIONBY entry: where its value is read ({@code _value.}, the default; {@code _key}; {@code _header.})
 * and the path of nested field names. {@link #label()} names the object key's directory
 * ({@code <label>=<value>}).
 */
public final class PartitionField {

    /** Which part of the Kafka record a field is read from. */
    public enum Source { VALUE, KEY, HEADER }

    private final Source source;
    private final List<String> path;
    private final String label;

    private PartitionField(Source source, List<String> path, String label) {
        this.source = source;
        this.path = List.copyOf(path);
        this.label = label;
    }

    static PartitionField of(Source source, List<String> path) {
        String label = source == Source.KEY && path.isEmpty() ? "_key" : String.join(".", path);
        return new PartitionField(source, path, label);
    }

    public Source source() {
        return source;
    }

    /** Nested field names from the top of the value/key; for a header, its name. Empty for the whole key. */
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
            default:
                return label;
        }
    }
}
