package io.cdclake.bench;

import java.util.Locale;

/** One measured figure of a run: {@code into S3 rate 3,120 changes/s}. */
public record Figure(String name, double value, String unit) {

    public static final String SECONDS = "s";
    public static final String RATE = "changes/s";
    public static final String RATIO = "x raw";
    public static final String MIB = "MiB";
    public static final String COUNT = "";
    public static final String PER_SECOND = "tx/s";
    public static final String RECORD_RATE = "records/s";
    public static final String OBJECT_RATE = "objects/s";
    public static final String CPU_PER_OBJECT = "ms CPU/object";
    /** A part's time alone over the end-to-end time into S3 for the same changes. */
    public static final String SHARE = "of end to end";

    /** The value with its unit, as printed and recorded. */
    public String formatted() {
        return switch (unit) {
            case SECONDS -> String.format(Locale.ROOT, "%.2f s", value);
            case RATIO, SHARE, CPU_PER_OBJECT -> String.format(Locale.ROOT, "%.2f %s", value, unit);
            case COUNT -> String.format(Locale.ROOT, "%,.0f", value);
            default -> String.format(Locale.ROOT, "%,.0f %s", value, unit);
        };
    }

    @Override
    public String toString() {
        return name + " " + formatted();
    }
}
