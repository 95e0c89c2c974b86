package io.cdclake.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of the pipeline the stream benchmark also measures alone ({@code --parts}), beside raw decoding and the
 * end-to-end figures of the same changes, so that each part's ceiling and its share of the end-to-end time show.
 */
public enum Part {
    /** Debezium into Kafka with no sink connector: its own connector pair, the sink created only afterwards. */
    DEBEZIUM,
    /** The sink alone, from the topic Debezium alone filled, into S3; that filling is the debezium part, so it runs too. */
    SINK,
    /** The S3 server alone: the end-to-end run's objects PUT again, same directories and sizes, by parallel threads. */
    S3_SERVER;

    /** What {@code --parts} takes by default. */
    public static final String ALL = "debezium,sink,s3-server";

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * {@code --parts}: comma-separated labels, or {@code none}.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static Set<Part> parse(String list) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        if (list.strip().equals("none")) {
            return parts;
        }
        for (String label : list.split(",")) {
            parts.add(Arrays.stream(values()).filter(p -> p.label().equals(label.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--parts " + list + ": no part '" + label.strip()
                            + "'; give some of " + ALL + " (comma-separated), or none, e.g. --parts sink,s3-server")));
        }
        return parts;
    }

    /** The labels, as {@code --parts} takes them. */
    public static String describe(Set<Part> parts) {
        return parts.isEmpty() ? "none" : parts.stream().sorted().map(Part::label).collect(Collectors.joining(","));
    }
}
