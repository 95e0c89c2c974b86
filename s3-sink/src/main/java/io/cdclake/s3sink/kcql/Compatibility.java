package io.cdclake.s3sink.kcql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The release line of the Lenses S3 sink this sink behaves like: the KCQL it accepts and refuses, the object
 * names it writes and the settings it reads. A pipeline deployed with the real Lenses plugin of that line sees
 * the same objects.
 */
public enum Compatibility {

    /**
     * Lenses 9 (and 7.0 on, for the KCQL): flush settings only in {@code PROPERTIES}, offsets padded to 12 digits
     * in object names, {@code _topic/_partition} directories without PARTITIONBY, {@code aws.*} keys refused,
     * tombstones as {@code connect.s3.skip.null.values} says. What a user deploying today gets.
     */
    LENSES_9("lenses-9"),
    /**
     * Lenses 3.0, the release the article deploys: {@code WITH_FLUSH_*} clauses, offsets as they are in object
     * names, the older {@code aws.*} keys accepted, tombstones skipped.
     */
    LENSES_3("lenses-3");

    private final String configName;

    Compatibility(String configName) {
        this.configName = configName;
    }

    /** As written in {@code connect.s3.compatibility}. */
    public String configName() {
        return configName;
    }

    public static Optional<Compatibility> parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.configName.equals(v)).findFirst();
    }

    /** The accepted values, for messages: {@code lenses-9, lenses-3}. */
    public static String names() {
        return Arrays.stream(values()).map(Compatibility::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
