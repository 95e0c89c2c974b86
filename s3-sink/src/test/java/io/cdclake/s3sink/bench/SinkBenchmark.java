package io.cdclake.s3sink.bench;

import io.cdclake.s3sink.S3Bucket;
import io.cdclake.s3sink.it.PluginDirectory;
import io.cdclake.s3sink.it.SinkCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * How fast the sink writes into the S3 server: fills a topic with records of a given size over a given number of
 * partitions, then runs the sink (from its zip, in a Connect worker) and times until every record is in S3.
 * Kafka, Connect and S3 run in this one JVM, as in the local runtime.
 *
 * <pre>
 * mvn -B -o -q -pl s3-sink package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java -cp s3-sink/target/test-classes:$(cat s3-sink/target/bench.classpath) \
 *     io.cdclake.s3sink.bench.SinkBenchmark --records 200000 --record-size 1024 --partitions 4
 * </pre>
 * Options: {@code --records N} (200000), {@code --record-size BYTES} (1024, the JSON line without its line feed),
 * {@code --partitions P} (4), {@code --flush-count N} (10000, records per object).
 */
public final class SinkBenchmark {

    private static final Pattern OBJECT_NAME = Pattern.compile(".*\\((\\d+)_(\\d+)\\)\\.json");

    private SinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Long> options = options(args);
        int records = options.get("records").intValue();
        int recordSize = options.get("record-size").intValue();
        int partitions = options.get("partitions").intValue();
        long flushCount = options.get("flush-count");
        if (recordSize < 32) {
            throw new IllegalArgumentException("--record-size must be at least 32 bytes");
        }

        Path directory = Files.createTempDirectory("sink-benchmark");
        long started = System.nanoTime();
        System.out.printf("starting Kafka, S3 and a Connect worker in %s%n", directory);
        try (SinkCluster cluster = SinkCluster.start(directory, PluginDirectory.unpackBuiltZip(directory.resolve("plugins")),
                Map.of())) {
            System.out.printf("servers up in %.1f s%n", seconds(started));
            cluster.createTopic("bench", partitions);
            S3Bucket bucket = cluster.createBucket("bench");

            long producing = System.nanoTime();
            String pad = "x".repeat(recordSize - String.format("{\"id\":%09d,\"pad\":\"\"}", 0).length());
            for (int id = 0; id < records; id++) {
                cluster.sendAsync("bench", id % partitions, null, String.format("{\"id\":%09d,\"pad\":\"%s\"}", id, pad));
            }
            cluster.flush();
            System.out.printf("produced %d records of %d bytes into %d partitions in %.1f s%n", records, recordSize,
                    partitions, seconds(producing));

            Map<String, String> config = cluster.sinkConfig("io.cdclake.s3sink.S3SinkConnector", "bench",
                    "INSERT INTO bench:data SELECT * FROM bench NOPARTITION PROPERTIES('flush.count'=" + flushCount
                            + ", 'flush.interval'=5)");
            config.put("tasks.max", String.valueOf(partitions));
            long sinking = System.nanoTime();
            AtomicLong firstObject = new AtomicLong();
            AtomicLong lastReport = new AtomicLong(sinking);
            cluster.rest().putConfig("bench", config);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                long written = writtenRecords(bucket, partitions);
                if (written > 0) {
                    firstObject.compareAndSet(0, System.nanoTime());
                }
                if (System.nanoTime() - lastReport.get() > Duration.ofSeconds(5).toNanos()) {
                    lastReport.set(System.nanoTime());
                    System.out.printf("  %,d of %,d records in S3 after %.1f s%n", written, records, seconds(sinking));
                }
                return written >= records;
            });
            double total = seconds(sinking);
            double steady = (System.nanoTime() - firstObject.get()) / 1e9;
            double megabytes = (double) records * (recordSize + 1) / (1024 * 1024);
            System.out.printf(Locale.ROOT, "%nsink: %d records x %d bytes, %d partitions, %d records per object%n",
                    records, recordSize, partitions, flushCount);
            System.out.printf(Locale.ROOT, "  from connector creation: %.1f s -> %,.0f records/s, %.1f MB/s%n",
                    total, records / total, megabytes / total);
            System.out.printf(Locale.ROOT, "  from the first object:   %.1f s -> %,.0f records/s, %.1f MB/s%n",
                    steady, records / steady, megabytes / steady);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Records in S3 according to the object names: per partition, the last offset of its latest object + 1. */
    private static long writtenRecords(S3Bucket bucket, int partitions) {
        long[] next = new long[partitions];
        for (String key : bucket.keys("data/")) {
            Matcher m = OBJECT_NAME.matcher(key);
            if (m.matches()) {
                int p = Integer.parseInt(m.group(1));
                next[p] = Math.max(next[p], Long.parseLong(m.group(2)) + 1);
            }
        }
        long sum = 0;
        for (long n : next) {
            sum += n;
        }
        return sum;
    }

    private static Map<String, Long> options(String[] args) {
        Map<String, Long> o = new HashMap<>(Map.of("records", 200_000L, "record-size", 1024L, "partitions", 4L,
                "flush-count", 10_000L));
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!o.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: SinkBenchmark [--records N] [--record-size BYTES]"
                        + " [--partitions P] [--flush-count N]; unknown or incomplete option " + args[i]);
            }
            o.put(name, Long.parseLong(args[i + 1]));
        }
        return o;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
