package io.cdclake.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.Target;
import io.cdclake.sql.ScenarioSql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The article's update: order 11077 ships ({@link ScenarioSql#ORDER_UPDATE}). Afterwards its path holds two
 * records, the snapshot's and the update's, the last with {@code shipped_date} 10392 (1998-06-15 as days since
 * the epoch, as Debezium renders a DATE).
 */
public final class OrderUpdateScenario extends SinkScenario {

    public static final String NAME = "order-update";

    public OrderUpdateScenario(Pipeline pipeline, String environment) {
        this(pipeline, environment, null);
    }

    /** @param timeout how long to wait for records; null: two flush intervals of the environment plus 30 s */
    public OrderUpdateScenario(Pipeline pipeline, String environment, Duration timeout) {
        super(NAME, pipeline, environment, timeout);
    }

    @Override
    Map<String, String> check(Target target, Consumer<String> progress, List<Check> checks) {
        String path = layout.orderPath(ScenarioSql.UPDATED_ORDER_CUSTOMER, ScenarioSql.UPDATED_ORDER);
        progress.accept("waiting for the snapshot record of order 11077 under " + path);
        SinkLayout.Waited<List<SinkObject>> before = layout.poll(() -> layout.dataObjects(target, path), o -> !o.isEmpty());
        if (!before.reached()) {
            checks.add(Check.fail("snapshot record of order 11077", "no object under " + path + " after "
                    + layout.timeoutText() + ": the snapshot has not landed"));
            return Map.of();
        }
        int snapshotRecords = SinkLayout.records(layout.read(target, before.value())).size();
        checks.add(Check.of(snapshotRecords == 1, "snapshot record of order 11077", snapshotRecords + " record(s) under "
                + path + (snapshotRecords == 1 ? "" : "; expected 1 (did the scenario run on this data before?)")));

        progress.accept("running: " + ScenarioSql.ORDER_UPDATE);
        try {
            int rows = SourceStatements.execute(target, List.of(ScenarioSql.ORDER_UPDATE))[0];
            checks.add(Check.of(rows == 1, "update order 11077", rows + " row(s) updated"));
        } catch (SQLException e) {
            checks.add(Check.fail("update order 11077", e.getMessage()));
            return Map.of();
        }

        progress.accept("waiting up to " + layout.timeoutText() + " for the change to be flushed to " + path);
        SinkLayout.Waited<Map<String, String>> after = layout.poll(
                () -> layout.read(target, layout.dataObjects(target, path)),
                contents -> SinkLayout.records(contents).size() > snapshotRecords);
        Map<String, String> shown = after.value();
        List<JsonNode> records = SinkLayout.records(shown);
        checks.add(Check.of(records.size() == 2, "2 records for order 11077", records.size() + " record(s) in "
                + shown.size() + " object(s) under " + path + (after.reached() ? "" : " after waiting "
                + layout.timeoutText())));
        if (records.size() > snapshotRecords) {
            JsonNode last = records.get(records.size() - 1);
            JsonNode shipped = last.get("shipped_date");
            checks.add(Check.of(shipped != null && shipped.canConvertToInt()
                            && shipped.asInt() == ScenarioSql.UPDATED_SHIPPED_DATE_EPOCH_DAYS,
                    "last record's shipped_date", "shipped_date " + shipped + ", expected "
                            + ScenarioSql.UPDATED_SHIPPED_DATE_EPOCH_DAYS + " (1998-06-15)"));
            JsonNode op = last.get("__op");
            checks.add(Check.of(op != null && "u".equals(op.asText()), "last record is an update",
                    "__op " + op + ", expected \"u\""));
        }
        return shown;
    }
}
