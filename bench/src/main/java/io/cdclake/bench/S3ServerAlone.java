package io.cdclake.bench;

import io.cdclake.local.SinkBucket;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The S3 server alone: the objects an end-to-end run wrote, PUT again under a prefix of their own with the same
 * directories and sizes, by {@code --put-threads} threads sharing the bucket's plain AWS SDK v2 client, while no
 * connector runs. Its objects a second are the server's ceiling for the sink's layout, as far as that many client
 * threads on the same cores let it show; the content is filler, since S3Proxy hashes and stores any bytes alike.
 */
final class S3ServerAlone {

    private static final String THREAD_PREFIX = "bench-put-";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    /** How many objects were PUT, from the first PUT's start to the last one's end, and the CPU it took. */
    record Puts(int threads, long objects, Duration took, ThreadCpu.Split cpu) {
    }

    private S3ServerAlone() {
    }

    /**
     * @param fromPrefix the prefix of {@code objects}' keys, which {@code id} replaces
     */
    static Puts run(BenchSession session, String id, String fromPrefix, List<SinkBucket.Entry> objects) {
        int threads = session.settings().putThreads();
        SinkBucket bucket = session.bucket();
        AtomicInteger named = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, THREAD_PREFIX + named.incrementAndGet()));
        AtomicLong done = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            ThreadCpu cpu = new ThreadCpu(name -> name.startsWith(THREAD_PREFIX));
            long start = System.nanoTime();
            for (SinkBucket.Entry object : objects) {
                String key = id + object.key().substring(fromPrefix.length());
                pool.execute(() -> {
                    try {
                        bucket.put(key, new byte[(int) object.size()]);
                        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            String label = id + " S3 server alone";
            AtomicLong said = new AtomicLong(start);
            try {
                await(label).atMost(session.timeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                    cpu.sample();
                    if (failure.get() != null) {
                        throw new IllegalStateException(label + ": a PUT failed: " + failure.get().getMessage(), failure.get());
                    }
                    if (System.nanoTime() - said.get() > PROGRESS_EVERY.toNanos()) {
                        said.set(System.nanoTime());
                        session.progress().say(label, String.format("%,d/%,d objects PUT by %d threads", done.get(),
                                objects.size(), threads));
                    }
                    return done.get() == objects.size();
                });
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException(String.format("%s: %,d/%,d objects PUT after %d s; raise --timeout",
                        label, done.get(), objects.size(), session.settings().timeoutSeconds()), e);
            }
            Puts puts = new Puts(threads, objects.size(), Duration.ofNanos(lastEnd.get() - start), cpu.split());
            session.progress().say(label, String.format("%,d/%,d objects PUT by %d threads", done.get(), objects.size(), threads));
            return puts;
        } finally {
            pool.shutdownNow();
        }
    }
}
