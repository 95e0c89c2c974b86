package io.cdclake.core.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The initial snapshot has landed: one object path per customer_id/order_id and one record per order (829 at
 * scale 1: the 830 Northwind orders less the held-back 11075).
 */
public final class SnapshotScenario extends SinkScenario {

    public static final String NAME = "snapshot";
    /** Outbox events after loading at scale 1. */
    public static final int SCALE_1_EVENTS = 829;

    private final int expected;

    /** Expects {@link #SCALE_1_EVENTS}. */
    public SnapshotScenario(Pipeline pipeline, String environment) {
        this(pipeline, environment, SCALE_1_EVENTS, null);
    }

    /**
     * @param expectedRecords the outbox rows loaded (the loader's event count)
     * @param timeout         how long to wait; null: two flush intervals of the environment plus 30 s
     */
    public SnapshotScenario(Pipeline pipeline, String environment, int expectedRecords, Duration timeout) {
        super(NAME, pipeline, environment, timeout);
        this.expected = expectedRecords;
    }

    @Override
    Map<String, String> check(Target target, Consumer<String> progress, List<Check> checks) {
        progress.accept("waiting up to " + layout.timeoutText() + " for " + expected + " order paths under "
                + layout.prefix());
        SinkLayout.Waited<List<SinkObject>> waited = layout.poll(() -> layout.dataObjects(target, layout.prefix()),
                objects -> byDirectory(objects).size() >= expected);
        Map<String, List<SinkObject>> directories = byDirectory(waited.value());
        checks.add(Check.of(directories.size() == expected, "one object path per customer_id/order_id",
                directories.size() + " paths under " + layout.prefix() + ", expected " + expected
                        + (waited.reached() ? "" : " (after waiting " + layout.timeoutText() + ")")));

        progress.accept("reading " + waited.value().size() + " objects");
        int total = 0;
        List<String> notOne = new ArrayList<>();
        for (Map.Entry<String, List<SinkObject>> dir : directories.entrySet()) {
            int records = SinkLayout.records(layout.read(target, dir.getValue())).size();
            total += records;
            if (records != 1) {
                notOne.add(dir.getKey() + " (" + records + ")");
            }
        }
        checks.add(Check.of(total == expected, "snapshot records", total + " records, expected " + expected));
        checks.add(Check.of(notOne.isEmpty(), "one record per order", notOne.isEmpty() ? "every path holds 1 record"
                : notOne.size() + " path(s) do not hold exactly 1 record, e.g. "
                + String.join(", ", notOne.subList(0, Math.min(3, notOne.size())))));
        return Map.of();
    }

    private static Map<String, List<SinkObject>> byDirectory(List<SinkObject> objects) {
        Map<String, List<SinkObject>> dirs = new LinkedHashMap<>();
        objects.forEach(o -> dirs.computeIfAbsent(SinkLayout.directory(o.key()), d -> new ArrayList<>()).add(o));
        return dirs;
    }
}
