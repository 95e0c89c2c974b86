package io.cdclake.sql;

import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader and the outbox against a real PostgreSQL: one server for the class, a new database per test. */
class NorthwindLoaderTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static PostgresServer pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.builder().dataDirectory(dataDir.resolve("pg")).start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void loadsNorthwindWith829EventsThePublicationAndTheSearchPath() throws Exception {
        String db = newDatabaseName();
        List<LoadProgress> progress = new ArrayList<>();
        LoadResult result = loader(db).progress(progress::add).build().load();

        assertThat(result.databaseCreated()).isTrue();
        assertThat(result.rowCounts()).containsExactly(Map.entry(OUTBOX, 829L));
        assertThat(rowCounts(db)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("categories", 8L), Map.entry("suppliers", 29L), Map.entry("products", 77L),
                Map.entry("customers", 91L), Map.entry("employees", 9L), Map.entry("region", 4L),
                Map.entry("territories", 53L), Map.entry("employee_territories", 49L), Map.entry("shippers", 3L),
                Map.entry("orders", 829L), Map.entry("order_details", 2152L), Map.entry("cdc_events", 829L)));
        assertThat(query(db, "SELECT count(*) FROM orders WHERE order_id = 11075")).as("held back").isEqualTo("0");

        assertThat(progress).extracting(LoadProgress::phase).startsWith("create", "schema", "generate")
                .containsSubsequence("copy", "outbox", "publish", "done").last().isEqualTo("done");
        assertThat(progress).extracting(LoadProgress::toString)
                .anyMatch(line -> line.matches(" +\\d+\\.\\d s  copy +order_details +2,152 rows"))
                .anyMatch(line -> line.endsWith("829 events in datalake.cdc_events"))
                .anyMatch(line -> line.matches(".*publish +publication cdc_publication for datalake.cdc_events"));
        assertThat(progress).extracting(LoadProgress::elapsed).isSorted();

        assertThat(query(db, "SELECT string_agg(schemaname || '.' || tablename, ',') FROM pg_publication_tables"
                + " WHERE pubname = 'cdc_publication'")).isEqualTo("datalake.cdc_events");
        assertThat(query(db, "SELECT relreplident FROM pg_class WHERE oid = 'datalake.cdc_events'::regclass"))
                .as("deletes carry customer_id").isEqualTo("f");
        // A new session finds the tables unqualified: the database's search_path is set.
        assertThat(query(db, "SHOW search_path")).isEqualTo("datalake, public");
        assertThat(query(db, "SELECT count(*) FROM cdc_events WHERE order_items IS NOT NULL AND products IS NOT NULL"
                + " AND customer IS NOT NULL AND employee ? 'territories' AND shipper IS NOT NULL"
                + " AND shipment ? 'freight'")).isEqualTo("829");
        assertThat(query(db, "SELECT customer_id || ' ' || coalesce(shipped_date::text, 'not shipped')"
                + " FROM cdc_events WHERE order_id = 11077")).isEqualTo("RATTC not shipped");
    }

    @Test
    void theOrderUpdateShipsOrder11077InTheOutbox() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();
        String before = query(db, "SELECT updated_at FROM cdc_events WHERE order_id = 11077");

        try (Connection c = pg.connect(db)) {
            ScenarioSql.execute(c, List.of(ScenarioSql.ORDER_UPDATE));
        }

        assertThat(query(db, "SELECT shipped_date FROM cdc_events WHERE order_id = 11077")).isEqualTo("1998-06-15");
        assertThat(query(db, "SELECT shipped_date - DATE '1970-01-01' FROM cdc_events WHERE order_id = 11077"))
                .isEqualTo(Integer.toString(ScenarioSql.UPDATED_SHIPPED_DATE_EPOCH_DAYS));
        assertThat(query(db, "SELECT updated_at FROM cdc_events WHERE order_id = 11077")).isNotEqualTo(before);
        assertThat(query(db, "SELECT count(*) FROM cdc_events WHERE shipped_date = '1998-06-15'")).isEqualTo("1");
    }

    @Test
    void theOrderInsertFillsTheOutboxItemByItem() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();

        try (Connection c = pg.connect(db)) {
            ScenarioSql.execute(c, ScenarioSql.ORDER_INSERT.subList(0, 1));
            assertThat(query(db, "SELECT (order_items IS NULL)::text || ' ' || (products IS NULL)::text"
                    + " FROM cdc_events WHERE order_id = 11075")).isEqualTo("true true");
            assertThat(query(db, "SELECT concat_ws(' | ', customer_id, order_date, required_date,"
                    + " customer->>'company_name', employee->>'employee_id', employee->>'last_name',"
                    + " jsonb_array_length(employee->'territories') > 0, shipper->>'shipper_id',"
                    + " shipper->>'company_name', shipment->>'freight', shipment->>'ship_name',"
                    + " shipment->>'ship_address', shipment->>'ship_city', shipment->>'ship_postal_code',"
                    + " shipment->>'ship_country') FROM cdc_events WHERE order_id = 11075"))
                    .isEqualTo("RICSU | 1998-05-06 | 1998-06-03 | Richter Supermarkt | 8 | Callahan | t | 2"
                            + " | United Package | 6.19 | Richter Supermarkt | Starenweg 5 | Genève | 1204 | Switzerland");

            List<String> expected = List.of("2", "2,46", "2,46,76");
            for (int items = 1; items <= 3; items++) {
                ScenarioSql.execute(c, ScenarioSql.ORDER_INSERT.subList(items, items + 1));
                assertThat(query(db, "SELECT (SELECT string_agg(i->>'product_id', ',') FROM jsonb_array_elements(order_items) i)"
                        + " || ' / ' || (SELECT string_agg(p->>'product_id', ',') FROM jsonb_array_elements(products) p)"
                        + " FROM cdc_events WHERE order_id = 11075"))
                        .isEqualTo(expected.get(items - 1) + " / " + expected.get(items - 1));
            }
        }
        assertThat(query(db, "SELECT order_items->0 FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("{\"discount\": 0.15, \"quantity\": 10, \"product_id\": 2, \"unit_price\": 19}");
        assertThat(query(db, "SELECT string_agg(p->>'product_name', ', ') FROM cdc_events,"
                + " jsonb_array_elements(products) p WHERE order_id = 11075"))
                .isEqualTo("Chang, Spegesild, Lakkalikööri");
        assertThat(query(db, "SELECT count(*) FROM cdc_events")).isEqualTo("830");
    }

    @Test
    void deletingADetailRefreshesAndDeletingAnOrderRemovesItsEvent() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();
        try (Connection c = pg.connect(db)) {
            ScenarioSql.execute(c, ScenarioSql.ORDER_INSERT);
        }

        execute(db, "DELETE FROM order_details WHERE order_id = 11075 AND product_id = 46");
        assertThat(query(db, "SELECT (SELECT string_agg(i->>'product_id', ',') FROM jsonb_array_elements(order_items) i)"
                + " FROM cdc_events WHERE order_id = 11075")).isEqualTo("2,76");
        execute(db, "DELETE FROM order_details WHERE order_id = 11075");
        assertThat(query(db, "SELECT (order_items IS NULL AND products IS NULL)::text FROM cdc_events"
                + " WHERE order_id = 11075")).isEqualTo("true");
        execute(db, "DELETE FROM orders WHERE order_id = 11075");
        assertThat(query(db, "SELECT count(*) FROM cdc_events WHERE order_id = 11075")).isEqualTo("0");
        assertThat(query(db, "SELECT count(*) FROM cdc_events")).isEqualTo("829");
    }

    @Test
    void anExistingSchemaIsRefusedUnlessReplaced() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();
        execute(db, "UPDATE orders SET freight = 1 WHERE order_id = 10248");

        assertThatThrownBy(() -> loader(db).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessage("schema datalake, publication cdc_publication already exist in database " + db
                        + "; pass --replace to drop and load again, or give the pipeline another source.database");
        assertThat(query(db, "SELECT freight FROM orders WHERE order_id = 10248")).as("unchanged").isEqualTo("1");

        LoadResult replaced = loader(db).replace(true).build().load();
        assertThat(replaced.databaseCreated()).isFalse();
        assertThat(replaced.rowCounts().get(OUTBOX)).isEqualTo(829);
        assertThat(query(db, "SELECT freight FROM orders WHERE order_id = 10248")).isNotEqualTo("1");
    }

    @Test
    void aLeftoverPublicationIsRefusedUnlessReplaced() throws Exception {
        String db = newDatabaseName();
        pg.createDatabaseIfAbsent(db);
        execute(db, "CREATE PUBLICATION cdc_publication");

        assertThatThrownBy(() -> loader(db).build().load())
                .hasMessageStartingWith("publication cdc_publication already exists in database " + db + ";");
        assertThat(query(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'datalake'")).isEqualTo("0");

        assertThat(loader(db).replace(true).build().load().rowCounts().get(OUTBOX)).isEqualTo(829);
    }

    @Test
    void anUnreachableServerIsOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThatThrownBy(() -> northwindLoader().host("localhost").port(port).database("devdb")
                .user("postgres").password("s3cret-pw").build().load())
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at localhost:" + port + " (")
                .hasMessageEndingWith("; check -h and -p and that the server accepts TCP connections")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw").doesNotContain("\n"));
        assertThatThrownBy(() -> northwindLoader().host("no-such-host.invalid").database("devdb")
                .user("postgres").build().load())
                .hasMessage("cannot connect to PostgreSQL at no-such-host.invalid:5432 (unknown host);"
                        + " check -h and -p and that the server accepts TCP connections");
    }

    @Test
    void aWrongPasswordIsOneLineAndLeavesTheServerUnchanged() throws Exception {
        Path hba = dataDir.resolve("pg").resolve("pg_hba.conf");
        String trust = Files.readString(hba);
        execute("postgres", "CREATE ROLE loader_pw LOGIN CREATEDB PASSWORD 'right-password'");
        Files.writeString(hba, "host all loader_pw 127.0.0.1/32 scram-sha-256\n"
                + "host all loader_pw ::1/128 scram-sha-256\n" + trust);
        execute("postgres", "SELECT pg_reload_conf()");
        try {
            String db = newDatabaseName();
            assertThatThrownBy(() -> northwindLoader().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("wrong-password").build().load())
                    .isInstanceOf(LoadException.class)
                    .hasMessage("authentication failed for user 'loader_pw' at localhost:" + pg.port()
                            + "; check -u and the password (prompt, PGPASSWORD or --password-file)");
            assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'"))
                    .isEqualTo("0");

            LoadResult ok = northwindLoader().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("right-password").build().load();
            assertThat(ok.rowCounts().get(OUTBOX)).isEqualTo(829);
        } finally {
            Files.writeString(hba, trust);
            execute("postgres", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void scaleMultipliesCustomersOrdersAndDetailsAndKeepsTheScenarioRows() throws Exception {
        String db = newDatabaseName();
        LoadResult result = loader(db).northwind(3).build().load();

        assertThat(rowCounts(db)).containsEntry("orders", 3L * 830 - 1)
                .containsEntry("order_details", 3L * 2155 - 3).containsEntry("customers", 3L * 91)
                .containsEntry("products", 77L).containsEntry("employees", 9L);
        assertThat(result.rowCounts()).containsExactly(Map.entry(OUTBOX, 3L * 830 - 1));
        assertThat(query(db, "SELECT count(*) FROM orders WHERE order_id = 11075")).isEqualTo("0");
        try (Connection c = pg.connect(db)) {
            ScenarioSql.execute(c, ScenarioSql.ORDER_INSERT);
        }
        assertThat(query(db, "SELECT jsonb_array_length(order_items) FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("3");
    }

    @Test
    void badSettingsAreRefusedBeforeConnecting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader("devdb").northwind(0).build())
                .hasMessageStartingWith("scale must be 1 or more, was 0;");
        assertThatThrownBy(() -> loader("devdb").port(70000).build())
                .hasMessage("port must be 1..65535, was 70000; e.g. -p 5432");
        assertThatThrownBy(() -> loader("dev db").build())
                .hasMessageStartingWith("database name 'dev db' is not a plain identifier;");
        assertThatThrownBy(() -> loader("devdb").user(" ").build())
                .hasMessageStartingWith("user is required");
        assertThatThrownBy(() -> loader("devdb").tables(List.of("cdc_events")).build())
                .hasMessageStartingWith("tables [cdc_events] must be schema-qualified names");
        assertThatThrownBy(() -> loader("devdb").scripts(List.of(dir.resolve("missing.sql"))).build())
                .hasMessage("give exactly one of scripts and the Northwind generator (source.init.scripts or"
                        + " source.init.northwind)");
    }

    private static final String OUTBOX = SourceLoader.NORTHWIND_OUTBOX;

    /** The reference pipeline's init: the generator at scale 1, its outbox captured and published. */
    private static SourceLoader.Builder loader(String database) {
        return northwindLoader().host(pg.host()).port(pg.port()).database(database).user(pg.user());
    }

    private static SourceLoader.Builder northwindLoader() {
        return SourceLoader.builder().northwind(1).tables(List.of(OUTBOX)).publication("cdc_publication", true);
    }

    /** Rows of every table of schema datalake. */
    private static Map<String, Long> rowCounts(String db) throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'datalake'")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            for (String table : tables) {
                counts.put(table, Long.valueOf(query(db, "SELECT count(*) FROM datalake." + table)));
            }
        }
        return counts;
    }

    private static String newDatabaseName() {
        return "northwind_" + DATABASES.incrementAndGet();
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = SourceLoader.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String query(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(String db, String sql) {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
