package io.cdclake.scenario;

import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * How long a scenario waits for records: a change shows up only once the sink flushes its object, so the wait
 * follows the environment's flush interval.
 */
final class Patience {

    private final Duration timeout;
    private final Duration pollInterval;

    private Patience(Duration timeout, Duration pollInterval) {
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /** @param timeout null: two flush intervals of the environment plus 30 s */
    static Patience of(Pipeline pipeline, String environment, Duration timeout) {
        Flush flush = pipeline.flush(environment);
        int interval = flush.intervalSeconds() == null ? 60 : flush.intervalSeconds();
        // a change may just miss one flush and then wait for the next
        Duration wait = timeout != null ? timeout : Duration.ofSeconds(2L * interval + 30);
        return new Patience(wait, Duration.ofMillis(Math.max(200, Math.min(1000, interval * 100L))));
    }

    /** The wait as a person reads it: {@code 32 s}, {@code 0.6 s}. */
    String text() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Polls {@code probe} until {@code done} or the timeout; the last value seen either way. */
    <T> Waited<T> poll(Supplier<T> probe, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
                T value = probe.get();
                last.set(value);
                return done.test(value);
            });
            return new Waited<>(last.get(), true);
        } catch (ConditionTimeoutException e) {
            return new Waited<>(last.get(), false);
        }
    }

    record Waited<T>(T value, boolean reached) {
    }
}
