package io.cdclake.s3sink.write;

import java.time.Duration;

/** How often and how patiently a failed S3 request is retried: exponential backoff with a cap. */
public final class RetryPolicy {

    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;

    public RetryPolicy(int retries, Duration backoff, Duration maxBackoff) {
        if (retries < 0 || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("retries must be >= 0 and max backoff >= backoff");
        }
        this.retries = retries;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
    }

    /** Retries after the first attempt. */
    public int retries() {
        return retries;
    }

    /** The wait before retry number {@code retry} (1-based): backoff * 2^(retry-1), at most the cap. */
    public Duration backoffBefore(int retry) {
        long millis = backoff.toMillis();
        for (int i = 1; i < retry && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    @Override
    public String toString() {
        return retries + " retries, backoff " + backoff.toMillis() + " ms doubling up to " + maxBackoff.toMillis() + " ms";
    }
}
