package io.cdclake.core.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.Target;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * How the pipeline's sink lays out its objects, and how to read them back: objects are named
 * {@code <prefix>/customer_id=<c>/order_id=<o>/<topic>(<partition>_<offset>).json} and hold JSON Lines, so a
 * path's records, in order, are its objects' lines sorted by partition and offset. Waiting takes the flush
 * interval into account: a record shows up only once its object is flushed.
 */
final class SinkLayout {

    static final List<String> REQUIRED_PARTITIONING = List.of("customer_id", "order_id");
    private static final Pattern OBJECT_NAME = Pattern.compile("(?:.*/)?[^/]+\\((\\d+)_(\\d+)\\)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final List<String> partitionBy;
    private final Duration timeout;
    private final Duration pollInterval;

    SinkLayout(Pipeline pipeline, String environment, Duration timeout) {
        this.prefix = pipeline.sink().prefix();
        this.partitionBy = pipeline.sink().partitionBy();
        Flush flush = pipeline.flush(environment);
        this.timeout = timeout != null ? timeout : defaultTimeout(flush);
        long intervalMs = flush.intervalSeconds() == null ? 60_000 : flush.intervalSeconds() * 1000L;
        this.pollInterval = Duration.ofMillis(Math.max(200, Math.min(1000, intervalMs / 10)));
    }

    /** Two flush intervals and a margin: a change may just miss one flush and then wait for the next. */
    static Duration defaultTimeout(Flush flush) {
        int interval = flush.intervalSeconds() == null ? 60 : flush.intervalSeconds();
        return Duration.ofSeconds(2L * interval + 30);
    }

    /** The wait as a person reads it: {@code 40 s}, {@code 0.6 s}. */
    String timeoutText() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    String prefix() {
        return prefix + "/";
    }

    /** Null when the scenarios can run on this layout, else why not. */
    String unsupported() {
        return partitionBy.equals(REQUIRED_PARTITIONING) ? null
                : "the article's scenarios need PARTITIONBY customer_id,order_id; this sink partitions by "
                + String.join(",", partitionBy);
    }

    /** {@code <prefix>/customer_id=<c>/order_id=<o>/}. */
    String orderPath(String customer, int order) {
        return prefix + "/customer_id=" + customer + "/order_id=" + order + "/";
    }

    /** The data objects under {@code path}, in record order (partition, then offset). */
    List<SinkObject> dataObjects(Target target, String path) {
        List<SinkObject> objects = new ArrayList<>();
        for (SinkObject o : target.listObjects(path)) {
            if (OBJECT_NAME.matcher(o.key()).matches()) {
                objects.add(o);
            }
        }
        objects.sort(Comparator.comparingLong((SinkObject o) -> position(o.key())[0])
                .thenComparingLong(o -> position(o.key())[1]));
        return objects;
    }

    /** The directory an object is in: {@code <prefix>/customer_id=<c>/order_id=<o>/}. */
    static String directory(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /** Every object's content under {@code path}, in record order. */
    Map<String, String> read(Target target, List<SinkObject> objects) {
        Map<String, String> contents = new LinkedHashMap<>();
        objects.forEach(o -> contents.put(o.key(), target.readObject(o.key())));
        return contents;
    }

    /** The JSON records of objects read with {@link #read}, in order. */
    static List<JsonNode> records(Map<String, String> contents) {
        List<JsonNode> records = new ArrayList<>();
        contents.forEach((key, content) -> content.lines().filter(l -> !l.isBlank()).forEach(line -> {
            try {
                records.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("object " + key + " holds a line that is not JSON: " + line, e);
            }
        }));
        return records;
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

    /** A JSON array field's size: jsonb columns arrive as JSON text, or already as arrays; null when null. */
    static Integer arraySize(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            try {
                value = JSON.readTree(value.asText());
            } catch (JsonProcessingException e) {
                return -1;
            }
        }
        return value.isArray() ? value.size() : -1;
    }

    private static long[] position(String key) {
        Matcher m = OBJECT_NAME.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a data object: " + key);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
