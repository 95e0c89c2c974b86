package io.cdclake.s3sink.kcql;

import java.time.Duration;
import java.util.Objects;

/**
 * When an open file is written to S3: when it holds {@link #count()} records, or {@link #sizeBytes()} bytes, or
 * {@link #interval()} has passed since its first record, whichever comes first. The defaults are the Lenses sink's.
 */
public final class FlushPolicy {

    public static final long DEFAULT_COUNT = 50_000;
    public static final long DEFAULT_SIZE_BYTES = 500_000_000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3600);

    private final long count;
    private final long sizeBytes;
    private final Duration interval;

    private FlushPolicy(long count, long sizeBytes, Duration interval) {
        this.count = count;
        this.sizeBytes = sizeBytes;
        this.interval = interval;
    }

    public static FlushPolicy of(long count, long sizeBytes, Duration interval) {
        if (count <= 0 || sizeBytes <= 0 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("flush count, size and interval must be positive");
        }
        return new FlushPolicy(count, sizeBytes, interval);
    }

    public static FlushPolicy defaults() {
        return new FlushPolicy(DEFAULT_COUNT, DEFAULT_SIZE_BYTES, DEFAULT_INTERVAL);
    }

    public long count() {
        return count;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlushPolicy)) {
            return false;
        }
        FlushPolicy other = (FlushPolicy) o;
        return count == other.count && sizeBytes == other.sizeBytes && interval.equals(other.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, sizeBytes, interval);
    }

    @Override
    public String toString() {
        return "flush every " + count + " records, " + sizeBytes + " bytes or " + interval.getSeconds() + " s";
    }
}
