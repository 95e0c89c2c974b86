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

    /** The value with its unit, as printed and recorded. */
    public String formatted() {
        return switch (unit) {
            case SECONDS -> String.format(Locale.ROOT, "%.2f s", value);
            case RATIO -> String.format(Locale.ROOT, "%.2f x raw", value);
            case COUNT -> String.format(Locale.ROOT, "%,.0f", value);
            default -> String.format(Locale.ROOT, "%,.0f %s", value, unit);
        };
    }

    @Override
    public String toString() {
        return name + " " + formatted();
    }
}
