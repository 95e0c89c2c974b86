package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SourceAccess;
import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Declared scenarios and the snapshot check run against a real PostgreSQL; the bucket is a map the test fills as
 * the sink would when the database changes.
 */
class ScenarioRunTest {

    private static final Duration SHORT = Duration.ofMillis(600);
    private static final String TOPIC = "msk.datalake.cdc_events";
    private static final String ORDER_7 = "cdc-events/customer_id=C1/order_id=7/";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final String SHIP_ORDER_7 = """
            scenarios:
              - name: ship-order
                description: order 7 ships
                before:
                  - path: customer_id=C1/order_id=7/
                    records: 1
                steps:
                  - name: ship order 7
                    sql: UPDATE cdc_events SET shipped_date = '1998-06-15'::date WHERE order_id = 7;
                    rows: 1
                expect:
                  - path: customer_id=C1/order_id=7/
                    records: 2
                    last: {shipped_date: 10392}
                  - path: customer_id=C1/order_id=8/
                    records: 0
            """;

    @TempDir
    static Path dataDir;
    static PostgresServer pg;

    private String database;
    private final SourceAccess source = () -> {
        Connection c = pg.connect(database);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = datalake, public");
        }
        return c;
    };
    private final MapSink sink = new MapSink();
    private final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.builder().dataDirectory(dataDir.resolve("pg")).maxReplicationSlots(1).start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @BeforeEach
    void orders() throws Exception {
        database = "db" + DATABASES.incrementAndGet();
        pg.createDatabaseIfAbsent(database);
        execute("CREATE SCHEMA datalake",
                "CREATE TABLE datalake.cdc_events (order_id int PRIMARY KEY, customer_id text, shipped_date date)",
                "INSERT INTO datalake.cdc_events VALUES (7, 'C1', NULL), (8, 'C1', NULL), (9, 'C2', NULL)");
    }

    @Test
    void aDeclaredScenarioRunsItsStepsAndWaitsForTheChangeToLand() {
        sink.put(object(ORDER_7, 0), "{\"order_id\":7,\"shipped_date\":null}\n");
        landUpdateOfOrder7();

        ScenarioResult result = scenario(SHIP_ORDER_7, "ship-order", null).run(sink, source, progress::add);

        assertThat(result.passed()).as(result.report()).isTrue();
        assertThat(result.checks()).extracting(Check::name).containsExactly(
                "before: 1 record(s) under " + ORDER_7,
                "ship order 7",
                "2 record(s) under " + ORDER_7,
                "last record's shipped_date under " + ORDER_7,
                "no record under cdc-events/customer_id=C1/order_id=8/");
        assertThat(result.check("ship order 7").detail()).isEqualTo("1 row(s) changed, expected 1");
        assertThat(result.objects().keySet()).containsExactly(object(ORDER_7, 0), object(ORDER_7, 1));
        assertThat(progress).contains("running ship order 7: UPDATE cdc_events SET shipped_date = '1998-06-15'::date"
                + " WHERE order_id = 7;");
        assertThat(result.report()).startsWith("ship-order: PASS");
    }

    @Test
    void aFailedCheckBeforeTheStepsLeavesTheDatabaseAsItWas() throws Exception {
        ScenarioResult result = scenario(SHIP_ORDER_7, "ship-order", SHORT).run(sink, source, progress::add);

        assertThat(result.passed()).isFalse();
        assertThat(result.checks()).singleElement().hasToString("FAIL  before: 1 record(s) under " + ORDER_7
                + ": 0 record(s) in 0 object(s) after waiting 0.6 s");
        assertThat(progress).contains("not running the steps: a check before them failed");
        assertThat(query("SELECT count(*) FROM datalake.cdc_events WHERE shipped_date IS NOT NULL")).isZero();
    }

    @Test
    void aChangeThatNeverLandsFailsAfterTheWait() {
        sink.put(object(ORDER_7, 0), "{\"order_id\":7,\"shipped_date\":null}\n");

        ScenarioResult result = scenario(SHIP_ORDER_7, "ship-order", SHORT).run(sink, source, progress::add);

        assertThat(result.check("2 record(s) under " + ORDER_7)).hasToString("FAIL  2 record(s) under " + ORDER_7
                + ": 1 record(s) in 1 object(s) after waiting 0.6 s");
        assertThat(result.check("last record's shipped_date under " + ORDER_7).detail()).isEqualTo("null, expected 10392");
    }

    @Test
    void aFailingStatementStopsTheScenarioAndTheStepsAfterItDoNotRun() throws Exception {
        String yaml = """
                scenarios:
                  - name: broken
                    steps:
                      - name: update a table that is not there
                        sql: UPDATE no_such_table SET x = 1;
                      - name: ship order 7
                        sql: UPDATE cdc_events SET shipped_date = now() WHERE order_id = 7;
                    expect:
                      - path: customer_id=C1/order_id=7/
                        records: 2
                """;

        ScenarioResult result = scenario(yaml, "broken", SHORT).run(sink, source, progress::add);

        assertThat(result.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("update a table that is not there");
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).contains("relation \"no_such_table\" does not exist");
        });
        assertThat(query("SELECT count(*) FROM datalake.cdc_events WHERE shipped_date IS NOT NULL")).isZero();
    }

    @Test
    void aStepChangingOtherRowsThanExpectedFails() {
        String yaml = SHIP_ORDER_7.replace("WHERE order_id = 7;", "WHERE customer_id = 'C1';");
        sink.put(object(ORDER_7, 0), "{\"order_id\":7,\"shipped_date\":null}\n");
        landUpdateOfOrder7();

        ScenarioResult result = scenario(yaml, "ship-order", SHORT).run(sink, source, progress::add);

        assertThat(result.check("ship order 7")).hasToString("FAIL  ship order 7: 2 row(s) changed, expected 1");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void theSnapshotCheckWantsEveryRowOfEachCapturedTableInItsTopic() {
        Pipeline pipeline = TestPipelines.withScenarios("");
        sink.put(object("cdc-events/customer_id=C1/order_id=7/", 0), "{\"order_id\":7}\n")
                .put(object("cdc-events/customer_id=C1/order_id=8/", 1), "{\"order_id\":8}\n")
                // another topic's object under the same prefix is not this table's
                .put("cdc-events/customer_id=C2/order_id=9/msk.datalake.other(0_0).json", "{\"order_id\":9}\n");

        ScenarioResult missing = Scenarios.create("snapshot", pipeline, "local", SHORT).run(sink, source, progress::add);

        assertThat(missing.checks()).singleElement().hasToString("FAIL  snapshot of datalake.cdc_events: 2 record(s)"
                + " of " + TOPIC + " under cdc-events/, 3 row(s) in the table (after waiting 0.6 s)");

        sink.put(object("cdc-events/customer_id=C2/order_id=9/", 2), "{\"order_id\":9}\n");
        ScenarioResult landed = Scenarios.create("snapshot", pipeline, "local", SHORT).run(sink, source, progress::add);

        assertThat(landed.passed()).as(landed.report()).isTrue();
        assertThat(landed.checks()).singleElement().hasToString("PASS  snapshot of datalake.cdc_events: 3 record(s)"
                + " of " + TOPIC + " under cdc-events/, 3 row(s) in the table");
    }

    @Test
    void theSnapshotCheckReadsEachObjectOnce() {
        Pipeline pipeline = TestPipelines.withScenarios("");
        sink.put(object("cdc-events/customer_id=C1/order_id=7/", 0), "{\"order_id\":7}\n");

        Scenarios.create("snapshot", pipeline, "local", SHORT).run(sink, source, progress::add);

        assertThat(sink.reads).as("GETs for one object over several polls").isEqualTo(1);
    }

    @Test
    void theScenariosOfAPipelineAreTheSnapshotCheckThenTheDeclaredOnes() {
        Pipeline pipeline = TestPipelines.withScenarios(SHIP_ORDER_7);

        assertThat(Scenarios.names(pipeline)).containsExactly("snapshot", "ship-order");
        assertThat(Scenarios.all(pipeline, "local")).extracting(Scenario::description)
                .containsExactly("every captured table's rows landed in S3 (datalake.cdc_events)", "order 7 ships");
        assertThatThrownBy(() -> Scenarios.create("ship-orders", pipeline, "local"))
                .isInstanceOf(Scenarios.UnknownScenarioException.class)
                .hasMessage("no scenario 'ship-orders' in pipeline northwind-orders; its scenarios are snapshot, ship-order");
    }

    /** Lands the update's record once the database shows order 7 shipped, as Debezium and the sink would. */
    private void landUpdateOfOrder7() {
        sink.onList(() -> {
            if (!sink.has(object(ORDER_7, 1)) && query("SELECT count(*) FROM datalake.cdc_events"
                    + " WHERE order_id = 7 AND shipped_date IS NOT NULL") == 1) {
                long days = query("SELECT shipped_date - DATE '1970-01-01' FROM datalake.cdc_events WHERE order_id = 7");
                sink.put(object(ORDER_7, 1), "{\"order_id\":7,\"shipped_date\":" + days + "}\n");
            }
        });
    }

    private static Scenario scenario(String yaml, String name, Duration timeout) {
        return Scenarios.create(name, TestPipelines.withScenarios(yaml), "local", timeout);
    }

    private static String object(String path, int offset) {
        return path + TOPIC + "(0_" + offset + ").json";
    }

    private long query(String sql) {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
