package io.cdclake.deploy;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.IterativePollInterval;
import org.awaitility.pollinterval.PollInterval;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls MSK Connect until a resource reaches the state wanted, telling progress as it goes: each new state, and
 * every {@code reportEvery} while it stays the same, with the time elapsed. The first asks come quickly and the
 * interval doubles up to {@code pollInterval}: a step that settles in a second is seen in a second, a step that
 * takes minutes is not asked about more often than that interval.
 */
final class Waiter {

    /** The first interval between two asks, when {@code pollInterval} is longer. */
    private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(100);

    private final Consumer<String> progress;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Duration reportEvery;

    Waiter(Consumer<String> progress, Duration timeout, Duration pollInterval, Duration reportEvery) {
        this.progress = progress;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.reportEvery = reportEvery;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    Duration reportEvery() {
        return reportEvery;
    }

    /**
     * @param probe reads the resource (may throw to end the wait, e.g. on FAILED)
     * @param state what to show of it
     * @param done  whether the wait is over
     * @throws IllegalStateException on timeout, saying that a new apply resumes from there
     */
    <T> T await(String what, Supplier<T> probe, Function<T, String> state, Predicate<T> done) {
        return await(what, timeout, probe, state, done);
    }

    <T> T await(String what, Duration atMost, Supplier<T> probe, Function<T, String> state, Predicate<T> done) {
        long start = System.nanoTime();
        String[] last = {null};
        long[] lastReport = {0};
        try {
            T result = Awaitility.await(what).atMost(atMost).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(doublingUpTo(pollInterval)).until(() -> {
                        T value = probe.get();
                        String shown = state.apply(value);
                        long elapsed = System.nanoTime() - start;
                        if (!done.test(value) && (!Objects.equals(shown, last[0]) || elapsed - lastReport[0] >= reportEvery.toNanos())) {
                            progress.accept(String.format("%s: %s (%s)", what, shown, seconds(elapsed)));
                            last[0] = shown;
                            lastReport[0] = elapsed;
                        }
                        return value;
                    }, done);
            progress.accept(String.format("%s: %s after %s", what, state.apply(result), seconds(System.nanoTime() - start)));
            return result;
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + atMost.toSeconds() + " s (last seen: "
                    + last[0] + "); run apply again: it resumes from where this one stopped");
        }
    }

    private static PollInterval doublingUpTo(Duration max) {
        Duration first = FIRST_POLL_INTERVAL.compareTo(max) < 0 ? FIRST_POLL_INTERVAL : max;
        return new IterativePollInterval(previous -> {
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) < 0 ? doubled : max;
        }, first);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
