package io.cdclake.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One step of a load, as the loader reports it while it works.
 *
 * @param phase   what the loader is doing: {@code connect}, {@code create}, {@code schema}, {@code copy},
 *                {@code scripts}, {@code outbox}, {@code publish}, {@code done}, or {@code note} for advice
 *                that does not stop the load
 * @param message what happened, with row counts where there are any; never a password
 * @param elapsed time since the load started
 */
public record LoadProgress(String phase, String message, Duration elapsed) {

    public LoadProgress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** The line a terminal shows, e.g. {@code "    0.4 s  copy      orders                      829 rows"}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%7.1f s  %-9s %s", elapsed.toMillis() / 1000.0, phase, message);
    }
}
