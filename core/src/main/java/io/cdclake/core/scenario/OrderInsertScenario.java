package io.cdclake.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.Target;
import io.cdclake.sql.ScenarioSql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The article's insert: order 11075, then its three items, each statement its own transaction
 * ({@link ScenarioSql#ORDER_INSERT}). Afterwards its path holds four records: the order without items
 * ({@code order_items} and {@code products} null), then with one, two and three.
 */
public final class OrderInsertScenario extends SinkScenario {

    public static final String NAME = "order-insert";

    public OrderInsertScenario(Pipeline pipeline, String environment) {
        this(pipeline, environment, null);
    }

    /** @param timeout how long to wait for records; null: two flush intervals of the environment plus 30 s */
    public OrderInsertScenario(Pipeline pipeline, String environment, Duration timeout) {
        super(NAME, pipeline, environment, timeout);
    }

    @Override
    Map<String, String> check(Target target, Consumer<String> progress, List<Check> checks) {
        String path = layout.orderPath(ScenarioSql.CUSTOMER, ScenarioSql.INSERTED_ORDER);
        int already = layout.dataObjects(target, path).size();
        checks.add(Check.of(already == 0, "no records of order 11075 before the insert", already == 0
                ? "nothing under " + path : already + " object(s) under " + path + " already (did the scenario run on"
                + " this data before?)"));

        progress.accept("running: the insert of order 11075 and its 3 items (" + ScenarioSql.ORDER_INSERT.size()
                + " statements, one transaction each)");
        try {
            int[] rows = SourceStatements.execute(target, ScenarioSql.ORDER_INSERT);
            boolean allOne = Arrays.stream(rows).allMatch(r -> r == 1);
            checks.add(Check.of(allOne, "insert order 11075 and its 3 items",
                    rows.length + " statements, rows inserted " + Arrays.toString(rows)));
        } catch (SQLException e) {
            checks.add(Check.fail("insert order 11075 and its 3 items", e.getMessage()));
            return Map.of();
        }

        progress.accept("waiting up to " + layout.timeoutText() + " for 4 records under " + path);
        SinkLayout.Waited<Map<String, String>> after = layout.poll(
                () -> layout.read(target, layout.dataObjects(target, path)),
                contents -> SinkLayout.records(contents).size() >= 4);
        List<JsonNode> records = SinkLayout.records(after.value());
        checks.add(Check.of(records.size() == 4, "4 records for order 11075", records.size() + " record(s) in "
                + after.value().size() + " object(s) under " + path + (after.reached() ? "" : " after waiting "
                + layout.timeoutText())));
        if (!records.isEmpty()) {
            JsonNode first = records.get(0);
            Integer items = SinkLayout.arraySize(first, "order_items");
            Integer products = SinkLayout.arraySize(first, "products");
            checks.add(Check.of(items == null && products == null, "first record without items",
                    "order_items " + describe(items) + ", products " + describe(products) + "; expected both null"));
        }
        if (records.size() >= 2) {
            List<String> seen = new ArrayList<>();
            boolean growing = records.size() == 4;
            for (int i = 1; i < records.size(); i++) {
                Integer items = SinkLayout.arraySize(records.get(i), "order_items");
                Integer products = SinkLayout.arraySize(records.get(i), "products");
                seen.add(count(items) + "/" + count(products));
                growing &= items != null && items == i && products != null && products == i;
            }
            checks.add(Check.of(growing, "items added one by one", "order_items/products per later record: "
                    + String.join(", ", seen) + "; expected 1/1, 2/2, 3/3"));
        }
        return after.value();
    }

    private static String describe(Integer arraySize) {
        return arraySize == null ? "null" : arraySize < 0 ? "not an array" : arraySize + " item(s)";
    }

    private static String count(Integer arraySize) {
        return arraySize == null ? "null" : arraySize < 0 ? "not an array" : String.valueOf(arraySize);
    }
}
