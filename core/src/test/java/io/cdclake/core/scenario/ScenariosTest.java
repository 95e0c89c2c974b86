package io.cdclake.core.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.sql.ScenarioSql;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenarios' checks, judged on objects as the sink lays them out, through the Target contract only. */
class ScenariosTest {

    private static final Duration SHORT = Duration.ofMillis(600);
    private static final String ORDER_11077 = "cdc-events/customer_id=RATTC/order_id=11077/";
    private static final String ORDER_11075 = "cdc-events/customer_id=RICSU/order_id=11075/";

    private final Pipeline pipeline = PipelineYaml.read(Path.of("../pipelines/northwind-orders.yaml"));

    // ------------------------------------------------------------------ order-update

    @Test
    void orderUpdatePassesWhenTheUpdateLandsAfterTheSnapshot() {
        InMemoryTarget target = new InMemoryTarget()
                .put(object(ORDER_11077, 828), record(11077, "null", "r"))
                .reacting((sql, t) -> t.put(object(ORDER_11077, 829), record(11077, "10392", "u")));
        List<String> progress = new ArrayList<>();

        ScenarioResult result = new OrderUpdateScenario(pipeline, "local").run(target, progress::add);

        assertThat(target.executed).containsExactly(ScenarioSql.ORDER_UPDATE);
        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.checks()).extracting(Check::name).containsExactly("snapshot record of order 11077",
                "update order 11077", "2 records for order 11077", "last record's shipped_date", "last record is an update");
        assertThat(result.check("2 records for order 11077").detail())
                .isEqualTo("2 record(s) in 2 object(s) under " + ORDER_11077);
        assertThat(result.objects().keySet()).containsExactly(object(ORDER_11077, 828), object(ORDER_11077, 829));
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("running: UPDATE orders"));
        assertThat(result.report()).startsWith("order-update: PASS");
    }

    @Test
    void orderUpdateFailsOnAWrongShippedDate() {
        InMemoryTarget target = new InMemoryTarget()
                .put(object(ORDER_11077, 828), record(11077, "null", "r"))
                .reacting((sql, t) -> t.put(object(ORDER_11077, 829), record(11077, "10391", "u")));

        ScenarioResult result = new OrderUpdateScenario(pipeline, "local").run(target);

        assertThat(result.passed()).isFalse();
        assertThat(result.check("last record's shipped_date")).satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).isEqualTo("shipped_date 10391, expected 10392 (1998-06-15)");
        });
        assertThat(result.check("2 records for order 11077").passed()).isTrue();
        assertThat(result.report()).startsWith("order-update: FAIL").contains("FAIL  last record's shipped_date");
    }

    @Test
    void orderUpdateFailsWhenTheChangeNeverLands() {
        InMemoryTarget target = new InMemoryTarget().put(object(ORDER_11077, 828), record(11077, "null", "r"));

        ScenarioResult result = new OrderUpdateScenario(pipeline, "local", SHORT).run(target);

        assertThat(result.check("2 records for order 11077")).satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).isEqualTo("1 record(s) in 1 object(s) under " + ORDER_11077 + " after waiting 0.6 s");
        });
    }

    @Test
    void orderUpdateFailsWithoutTheSnapshotAndChangesNothing() {
        InMemoryTarget target = new InMemoryTarget();

        ScenarioResult result = new OrderUpdateScenario(pipeline, "local", SHORT).run(target);

        assertThat(result.checks()).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).endsWith("the snapshot has not landed");
        });
        assertThat(target.executed).isEmpty();
    }

    @Test
    void recordsAreOrderedByTheOffsetInTheObjectNameNotByTheKeysText() {
        // "(0_1000)" sorts before "(0_999)" as text; the update is the later offset
        InMemoryTarget target = new InMemoryTarget()
                .put(object(ORDER_11077, 999), record(11077, "null", "r"))
                .reacting((sql, t) -> t.put(object(ORDER_11077, 1000), record(11077, "10392", "u")));

        ScenarioResult result = new OrderUpdateScenario(pipeline, "local").run(target);

        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.objects().keySet()).containsExactly(object(ORDER_11077, 999), object(ORDER_11077, 1000));
    }

    // ------------------------------------------------------------------ order-insert

    @Test
    void orderInsertPassesWhenTheOrderThenEachItemLand() {
        AtomicInteger statement = new AtomicInteger();
        InMemoryTarget target = new InMemoryTarget().reacting((sql, t) -> {
            int n = statement.getAndIncrement();
            // the first two changes flushed together in one object: JSON Lines
            if (n == 1) {
                t.put(object(ORDER_11075, 901), insertRecord(0) + "\n" + insertRecord(1) + "\n");
            } else if (n >= 2) {
                t.put(object(ORDER_11075, 900 + n), insertRecord(n));
            }
        });

        ScenarioResult result = new OrderInsertScenario(pipeline, "local").run(target);

        assertThat(target.executed).isEqualTo(ScenarioSql.ORDER_INSERT);
        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.check("items added one by one").detail())
                .isEqualTo("order_items/products per later record: 1/1, 2/2, 3/3; expected 1/1, 2/2, 3/3");
    }

    @Test
    void orderInsertFailsWhenTheFirstRecordAlreadyHasItems() {
        AtomicInteger statement = new AtomicInteger();
        InMemoryTarget target = new InMemoryTarget().reacting((sql, t) -> {
            int n = statement.getAndIncrement();
            t.put(object(ORDER_11075, 900 + n), insertRecord(Math.min(3, n + 1)));
        });

        ScenarioResult result = new OrderInsertScenario(pipeline, "local").run(target);

        assertThat(result.check("first record without items")).satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).isEqualTo("order_items 1 item(s), products 1 item(s); expected both null");
        });
        assertThat(result.check("items added one by one")).satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).isEqualTo("order_items/products per later record: 2/2, 3/3, 3/3; expected 1/1, 2/2, 3/3");
        });
    }

    @Test
    void orderInsertReportsTheDatabasesRefusal() {
        InMemoryTarget target = new InMemoryTarget()
                .put(object(ORDER_11075, 10), insertRecord(0))
                .reacting((sql, t) -> {
                    throw new SQLException("ERROR: duplicate key value violates unique constraint \"orders_pkey\"");
                });

        ScenarioResult result = new OrderInsertScenario(pipeline, "local", SHORT).run(target);

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).extracting(Check::toString).containsExactly(
                "FAIL  no records of order 11075 before the insert: 1 object(s) under " + ORDER_11075
                        + " already (did the scenario run on this data before?)",
                "FAIL  insert order 11075 and its 3 items: ERROR: duplicate key value violates unique constraint"
                        + " \"orders_pkey\"");
    }

    // ------------------------------------------------------------------ snapshot

    @Test
    void snapshotPassesWithOneRecordPerOrderPath() {
        InMemoryTarget target = new InMemoryTarget();
        for (int i = 0; i < 829; i++) {
            target.put(object("cdc-events/customer_id=C" + (i % 91) + "/order_id=" + (10248 + i) + "/", i),
                    record(10248 + i, "null", "r"));
        }

        ScenarioResult result = new SnapshotScenario(pipeline, "local").run(target);

        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.check("snapshot records").detail()).isEqualTo("829 records, expected 829");
    }

    @Test
    void snapshotFailsWhenAnOrderIsMissingAndAnotherIsThereTwice() {
        InMemoryTarget target = new InMemoryTarget();
        for (int i = 0; i < 828; i++) {
            target.put(object("cdc-events/customer_id=C" + (i % 91) + "/order_id=" + (10248 + i) + "/", i),
                    record(10248 + i, "null", "r"));
        }
        target.put(object("cdc-events/customer_id=C0/order_id=10248/", 900), record(10248, "null", "r"));

        ScenarioResult result = new SnapshotScenario(pipeline, "local", 829, SHORT).run(target);

        assertThat(result.checks()).extracting(Check::toString).containsExactly(
                "FAIL  one object path per customer_id/order_id: 828 paths under cdc-events/, expected 829 (after"
                        + " waiting 0.6 s)",
                "PASS  snapshot records: 829 records, expected 829",
                "FAIL  one record per order: 1 path(s) do not hold exactly 1 record, e.g."
                        + " cdc-events/customer_id=C0/order_id=10248/ (2)");
    }

    @Test
    void scenariosAreFoundByName() {
        assertThat(Scenarios.NAMES).containsExactly("snapshot", "order-update", "order-insert");
        assertThat(Scenarios.create("order-insert", pipeline, "local")).isInstanceOf(OrderInsertScenario.class);
        assertThatThrownBy(() -> Scenarios.create("order-delete", pipeline, "local"))
                .hasMessage("no scenario 'order-delete'; the scenarios are snapshot, order-update, order-insert");
    }

    @Test
    void aSinkNotPartitionedByCustomerAndOrderIsReportedNotGuessed() {
        Pipeline other = pipeline.toBuilder()
                .sink(pipeline.sink().toBuilder().partitionBy(List.of("order_id")).build()).build();

        ScenarioResult result = new OrderUpdateScenario(other, "local").run(new InMemoryTarget());

        assertThat(result.checks()).extracting(Check::toString).containsExactly("FAIL  partitioning: the article's"
                + " scenarios need PARTITIONBY customer_id,order_id; this sink partitions by order_id");
    }

    private static String object(String path, long offset) {
        return path + "msk.datalake.cdc_events(0_" + offset + ").json";
    }

    private static String record(int order, String shippedDate, String op) {
        return "{\"order_id\":" + order + ",\"customer_id\":\"RICSU\",\"shipped_date\":" + shippedDate
                + ",\"__op\":\"" + op + "\"}\n";
    }

    /** The outbox row of order 11075 with {@code items} items; jsonb arrives as JSON text, as Debezium renders it. */
    private static String insertRecord(int items) {
        if (items == 0) {
            return "{\"order_id\":11075,\"order_items\":null,\"products\":null,\"__op\":\"c\"}";
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add("{\\\"product_id\\\":" + i + "}");
        }
        String array = "\"[" + String.join(",", list) + "]\"";
        return "{\"order_id\":11075,\"order_items\":" + array + ",\"products\":" + array + ",\"__op\":\"u\"}";
    }
}
