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
        assertThat(result.events()).isEqualTo(829);
        assertThat(result.rowCounts()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("categories", 8L), Map.entry("suppliers", 29L), Map.entry("products", 77L),
                Map.entry("customers", 91L), Map.entry("employees", 9L), Map.entry("region", 4L),
                Map.entry("territories", 53L), Map.entry("employee_territories", 49L), Map.entry("shippers", 3L),
                Map.entry("orders", 829L), Map.entry("order_details", 2152L), Map.entry("cdc_events", 829L)));
        assertThat(query(db, "SELECT count(*) FROM orders WHERE order_id = 11075")).as("held back").isEqualTo("0");

        assertThat(progress).extracting(LoadProgress::phase).startsWith("create", "schema", "generate")
                .containsSubsequence("copy", "outbox", "publish", "done").last().isEqualTo("done");
        assertThat(progress).extracting(LoadProgress::toString)
                .anyMatch(line -> line.matches(" +\\d+\\.\\d s  copy +order_details +2,152 rows"))
                .anyMatch(line -> line.endsWith("829 events in cdc_events"));
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
                .hasMessage("schema datalake and publication cdc_publication already exist in database " + db
                        + "; pass --replace to drop and load again, or choose another database with -d");
        assertThat(query(db, "SELECT freight FROM orders WHERE order_id = 10248")).as("unchanged").isEqualTo("1");

        LoadResult replaced = loader(db).replace(true).build().load();
        assertThat(replaced.databaseCreated()).isFalse();
        assertThat(replaced.events()).isEqualTo(829);
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

        assertThat(loader(db).replace(true).build().load().events()).isEqualTo(829);
    }

    @Test
    void anUnreachableServerIsOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThatThrownBy(() -> NorthwindLoader.builder().host("localhost").port(port).database("devdb")
                .user("postgres").password("s3cret-pw").build().load())
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at localhost:" + port + " (")
                .hasMessageEndingWith("; check -h and -p and that the server accepts TCP connections")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw").doesNotContain("\n"));
        assertThatThrownBy(() -> NorthwindLoader.builder().host("no-such-host.invalid").database("devdb")
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
            assertThatThrownBy(() -> NorthwindLoader.builder().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("wrong-password").build().load())
                    .isInstanceOf(LoadException.class)
                    .hasMessage("authentication failed for user 'loader_pw' at localhost:" + pg.port()
                            + "; check -u and the password (prompt, PGPASSWORD or --password-file)");
            assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'"))
                    .isEqualTo("0");

            LoadResult ok = NorthwindLoader.builder().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("right-password").build().load();
            assertThat(ok.events()).isEqualTo(829);
        } finally {
            Files.writeString(hba, trust);
            execute("postgres", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void aFailingScriptDropsTheDatabaseItCreated(@TempDir Path scripts) throws Exception {
        Files.writeString(scripts.resolve("01-tables.sql"), "CREATE TABLE orders (order_id int PRIMARY KEY);");
        Files.writeString(scripts.resolve("02-broken.sql"), "INSERT INTO nowhere VALUES (1);");
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scriptsDir(scripts).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessage("script 02-broken.sql failed: ERROR: relation \"nowhere\" does not exist;"
                        + " nothing was loaded");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    @Test
    void aFailingLoadLeavesAnExistingDatabaseAsItWas(@TempDir Path scripts) throws Exception {
        String db = newDatabaseName();
        pg.createDatabaseIfAbsent(db);
        execute(db, "CREATE TABLE public.keep (id int PRIMARY KEY); INSERT INTO public.keep VALUES (7)");
        Files.writeString(scripts.resolve("01-schema.sql"), resource("schema.sql"));
        Files.writeString(scripts.resolve("02-no-orders.sql"), "DROP TABLE order_details; DROP TABLE orders;");

        assertThatThrownBy(() -> loader(db).scriptsDir(scripts).build().load())
                .hasMessageStartingWith("--scripts " + scripts + " did not create datalake.order_details,"
                        + " datalake.orders; the outbox needs the Northwind tables in schema datalake");

        assertThat(query(db, "SELECT string_agg(id::text, ',') FROM public.keep")).isEqualTo("7");
        assertThat(query(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'datalake'")).isEqualTo("0");
        assertThat(query(db, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
        assertThat(query(db, "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
                + " WHERE d.datname = current_database()")).as("search_path not set").isEqualTo("0");
    }

    @Test
    void scriptsReplaceTheGeneratedData(@TempDir Path scripts) throws Exception {
        Files.writeString(scripts.resolve("01-schema.sql"), resource("schema.sql"));
        Files.writeString(scripts.resolve("02-data.sql"), """
                INSERT INTO categories VALUES (1, 'Beverages', 'Soft drinks', NULL);
                INSERT INTO region VALUES (1, 'Eastern');
                INSERT INTO territories VALUES ('01581', 'Westboro', 1);
                INSERT INTO suppliers VALUES (1, 'Exotic Liquids', NULL, NULL, NULL, 'London', NULL, NULL, 'UK', NULL, NULL, NULL);
                INSERT INTO products VALUES (2, 'Chang', 1, 1, '24 - 12 oz bottles', 19, 17, 40, 25, 0);
                INSERT INTO customers VALUES ('RICSU', 'Richter Supermarkt', 'Michael Holz', 'Sales Manager',
                    'Starenweg 5', 'Genève', NULL, '1204', 'Switzerland', '0897-034214', NULL);
                INSERT INTO employees (employee_id, last_name, first_name) VALUES (8, 'Callahan', 'Laura');
                INSERT INTO employee_territories VALUES (8, '01581');
                INSERT INTO shippers VALUES (2, 'United Package', '(503) 555-3199');
                INSERT INTO customers VALUES ('RATTC', 'Rattlesnake Canyon Grocery', 'Paula Wilson',
                    'Assistant Sales Representative', '2817 Milton Dr.', 'Albuquerque', 'NM', '87110', 'USA',
                    '(505) 555-5939', '(505) 555-3620');
                INSERT INTO employees (employee_id, last_name, first_name) VALUES (1, 'Davolio', 'Nancy');
                INSERT INTO employee_territories VALUES (1, '01581');
                INSERT INTO orders VALUES (11077, 'RATTC', 1, '1998-05-06', '1998-06-03', NULL, 2, 8.53,
                    'Rattlesnake Canyon Grocery', '2817 Milton Dr.', 'Albuquerque', 'NM', '87110', 'USA');
                INSERT INTO order_details VALUES (11077, 2, 19, 24, 0.2);
                INSERT INTO orders (order_id, customer_id) VALUES (11075, 'RICSU');
                """);
        String db = newDatabaseName();
        List<LoadProgress> progress = new ArrayList<>();

        LoadResult result = loader(db).scriptsDir(scripts).progress(progress::add).build().load();

        assertThat(result.events()).isEqualTo(2);
        assertThat(result.rowCounts()).containsEntry("orders", 2L).containsEntry("order_details", 1L);
        assertThat(progress).extracting(LoadProgress::message)
                .contains("running 01-schema.sql", "running 02-data.sql").noneMatch(m -> m.contains("scale"));
        assertThat(progress).filteredOn(step -> step.phase().equals("note")).extracting(LoadProgress::message)
                .anyMatch(m -> m.startsWith("order 11075 exists, so the order-insert scenario cannot add it;"));
        assertThat(query(db, "SELECT employee->'territories'->0->>'territory_description' || ' '"
                + " || (products->0->>'product_name') FROM cdc_events WHERE order_id = 11077"))
                .isEqualTo("Westboro Chang");
    }

    @Test
    void scriptsThatControlTheirOwnTransactionsAreRefused(@TempDir Path scripts) throws Exception {
        Files.writeString(scripts.resolve("dump.sql"), "SET client_encoding = 'UTF8';\nBEGIN;\n"
                + "CREATE TABLE x (id int);\nCOMMIT;\n");
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scriptsDir(scripts).build().load())
                .hasMessage("script " + scripts.resolve("dump.sql") + " has BEGIN on line 2; load-db runs all"
                        + " scripts in one transaction, so remove its BEGIN/COMMIT lines");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    @Test
    void scaleMultipliesCustomersOrdersAndDetailsAndKeepsTheScenarioRows() throws Exception {
        String db = newDatabaseName();
        LoadResult result = loader(db).scale(3).build().load();

        assertThat(result.rowCounts()).containsEntry("orders", 3L * 830 - 1)
                .containsEntry("order_details", 3L * 2155 - 3).containsEntry("customers", 3L * 91)
                .containsEntry("products", 77L).containsEntry("employees", 9L);
        assertThat(result.events()).isEqualTo(3L * 830 - 1);
        assertThat(query(db, "SELECT count(*) FROM orders WHERE order_id = 11075")).isEqualTo("0");
        try (Connection c = pg.connect(db)) {
            ScenarioSql.execute(c, ScenarioSql.ORDER_INSERT);
        }
        assertThat(query(db, "SELECT jsonb_array_length(order_items) FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("3");
    }

    @Test
    void badSettingsAreRefusedBeforeConnecting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader("devdb").scale(0).build())
                .hasMessageStartingWith("scale must be 1 or more, was 0;");
        assertThatThrownBy(() -> loader("devdb").port(70000).build())
                .hasMessage("port must be 1..65535, was 70000; e.g. -p 5432");
        assertThatThrownBy(() -> loader("dev db").build())
                .hasMessageStartingWith("database name 'dev db' is not a plain identifier;");
        assertThatThrownBy(() -> loader("devdb").user(" ").build())
                .hasMessageStartingWith("user is required");
        assertThatThrownBy(() -> loader("devdb").scriptsDir(dir.resolve("missing")).build())
                .hasMessageStartingWith("scripts directory " + dir.resolve("missing") + " is not a directory;");
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scriptsDir(dir).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("--scripts " + dir + " holds no *.sql file;");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    private static NorthwindLoader.Builder loader(String database) {
        return NorthwindLoader.builder().host(pg.host()).port(pg.port()).database(database).user(pg.user());
    }

    private static String newDatabaseName() {
        return "northwind_" + DATABASES.incrementAndGet();
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = NorthwindLoader.class.getResourceAsStream(name)) {
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
