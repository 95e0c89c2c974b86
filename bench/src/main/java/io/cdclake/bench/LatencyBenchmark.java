package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.Progress;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Commit-to-S3 latency: single-row transactions at a steady rate, each updating an order of its own, timed from
 * the moment PostgreSQL acknowledged the commit to the first listing of the bucket that shows a new object in that
 * order's directory. The bucket is listed every 50 ms, which bounds the resolution.
 */
final class LatencyBenchmark {

    static final String NAME = "latency";
    private static final Pattern ORDER_DIRECTORY = Pattern.compile("/order_id=(\\d+)/");
    private static final Duration LISTING_EVERY = Duration.ofMillis(50);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private LatencyBenchmark() {
    }

    static RunResult run(BenchSession session, int run) throws Exception {
        BenchSettings settings = session.settings();
        Progress progress = session.progress();
        String id = "bench-latency-" + run;
        Pipeline pipeline = session.forRun(id, SnapshotMode.NO_DATA);
        int transactions = settings.latencyRate() * settings.latencySeconds();
        int flushInterval = session.pipeline().flush(BenchSession.ENVIRONMENT).intervalSeconds();
        double[] latencies;
        try (ConnectRestTarget connectors = session.apply(pipeline); Connection c = session.sql();
             PreparedStatement update = c.prepareStatement("UPDATE orders SET freight = freight + 0.01 WHERE order_id = ?")) {
            session.awaitSlot(pipeline.source().slotName(), true);
            List<Integer> orders = StreamBenchmark.orderIds(c);
            SinkTally tally = new SinkTally(session.bucket(), pipeline.sink().prefix() + "/");
            progress.phase(id, "one change end to end first, so the sink's tasks and S3 client are warm", () -> {
                update.setInt(1, orders.get(orders.size() - 1));
                update.executeUpdate();
                return await(id + " warm-up").atMost(session.timeout()).pollInterval(LISTING_EVERY)
                        .until(tally::newKeys, keys -> !keys.isEmpty());
            });
            session.memory().reset();
            latencies = progress.phase(id, String.format("%,d transactions at %d/s, flush interval %d s",
                    transactions, settings.latencyRate(), flushInterval),
                    () -> measure(session, id, update, orders.subList(0, transactions), tally));
        }
        session.dropSlot(pipeline.source().slotName());
        Arrays.sort(latencies);
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure("transactions", transactions, Figure.COUNT),
                new Figure("rate", settings.latencyRate(), Figure.PER_SECOND),
                new Figure("flush interval", flushInterval, Figure.SECONDS),
                new Figure("p50", percentile(latencies, 50), Figure.SECONDS),
                new Figure("p90", percentile(latencies, 90), Figure.SECONDS),
                new Figure("p99", percentile(latencies, 99), Figure.SECONDS),
                new Figure("max", latencies[latencies.length - 1], Figure.SECONDS)));
        figures.addAll(session.memory().figures());
        return new RunResult(NAME, figures);
    }

    /** Commits one update per order at the settings' rate; returns each one's latency in seconds. */
    private static double[] measure(BenchSession session, String id, PreparedStatement update, List<Integer> orders,
                                    SinkTally tally) {
        int rate = session.settings().latencyRate();
        long[] committed = new long[orders.size()];
        Map<Integer, Long> seen = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "latency-writer"));
        ScheduledFuture<?> writing = writer.scheduleAtFixedRate(() -> {
            int i = next.get();
            if (i >= orders.size() || failure.get() != null) {
                return;
            }
            try {
                update.setInt(1, orders.get(i));
                update.executeUpdate();
                committed[i] = System.nanoTime();
                next.incrementAndGet();
            } catch (Exception e) {
                failure.set(e);
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        long started = System.nanoTime();
        AtomicLong said = new AtomicLong(started);
        try {
            Duration allowed = Duration.ofSeconds(session.settings().latencySeconds()).plus(session.timeout());
            await(id).atMost(allowed).pollDelay(Duration.ZERO).pollInterval(LISTING_EVERY).until(() -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("committing the latency benchmark's updates: " + failure.get().getMessage(), failure.get());
                }
                long now = System.nanoTime();
                for (String key : tally.newKeys()) {
                    Matcher m = ORDER_DIRECTORY.matcher(key);
                    if (m.find()) {
                        seen.putIfAbsent(Integer.parseInt(m.group(1)), now);
                    }
                }
                if (now - said.get() > PROGRESS_EVERY.toNanos()) {
                    said.set(now);
                    session.progress().say(id, String.format("%,d/%,d committed, %,d in S3", next.get(), orders.size(), seen.size()));
                }
                return next.get() == orders.size() && orders.stream().allMatch(seen::containsKey);
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(String.format("%s: %,d of %,d committed changes seen in S3 in time;"
                    + " see the log, or raise --timeout", id, seen.size(), orders.size()), e);
        } finally {
            writing.cancel(false);
            writer.shutdownNow();
        }
        session.progress().say(id, String.format("all %,d changes seen in S3 (%.1f s)", orders.size(),
                (System.nanoTime() - started) / 1e9));
        double[] latencies = new double[orders.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = (seen.get(orders.get(i)) - committed[i]) / 1e9;
        }
        return latencies;
    }

    /** Nearest-rank percentile of ascending {@code sorted}. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
