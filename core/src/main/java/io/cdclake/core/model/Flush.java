package io.cdclake.core.model;

/**
 * When the sink commits an object: after {@code count} records, {@code sizeBytes} bytes or {@code intervalSeconds}
 * since its first record, whichever comes first (KCQL {@code WITH_FLUSH_COUNT}, {@code WITH_FLUSH_SIZE},
 * {@code WITH_FLUSH_INTERVAL}). A null field is unset at pipeline level, or inherited in an environment.
 */
public record Flush(Integer intervalSeconds, Integer count, Long sizeBytes) {

    /** This policy with every field {@code override} sets replaced. */
    public Flush overriddenBy(Flush override) {
        if (override == null) {
            return this;
        }
        return new Flush(
                override.intervalSeconds != null ? override.intervalSeconds : intervalSeconds,
                override.count != null ? override.count : count,
                override.sizeBytes != null ? override.sizeBytes : sizeBytes);
    }
}
