package io.cdclake.sql;

import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    void loadsNorthwindWith829EventsAndThePublication() throws Exception {
        String db = newDatabaseName();
        List<String> progress = new ArrayList<>();
        LoadResult result = loader(db).progress(progress::add).build().load();

        assertThat(result.databaseCreated()).isTrue();
        assertThat(result.events()).isEqualTo(829);
        assertThat(result.rowCounts()).containsEntry("orders", 829L).containsEntry("order_details", 2152L)
                .containsEntry("customers", 91L).containsEntry("cdc_events", 829L);
        assertThat(progress).anyMatch(l -> l.contains("order_details") && l.contains("2,152 rows"));
        assertThat(query(db, "SELECT string_agg(schemaname || '.' || tablename, ',') FROM pg_publication_tables"
                + " WHERE pubname = 'cdc_publication'")).isEqualTo("datalake.cdc_events");
        assertThat(query(db, "SELECT count(*) FROM orders WHERE order_id = 11075")).as("held back").isEqualTo("0");
        // A new session finds the tables without qualifying them: the database's search_path is set.
        assertThat(query(db, "SELECT count(*) FROM cdc_events WHERE order_items IS NOT NULL")).isEqualTo("829");
    }

    @Test
    void theArticlesStatementsLeaveTheOutboxRowsTheScenariosExpect() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();

        execute(db, ScenarioSql.ORDER_UPDATE);
        assertThat(query(db, "SELECT shipped_date FROM cdc_events WHERE order_id = 11077")).isEqualTo("1998-06-15");

        execute(db, ScenarioSql.ORDER_INSERT.get(0));
        assertThat(query(db, "SELECT (order_items IS NULL AND products IS NULL)::text || ' ' || (customer->>'company_name')"
                + " || ' ' || (employee->>'employee_id') || ' ' || (shipper->>'company_name')"
                + " FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("true Richter Supermarkt 8 United Package");
        for (int items = 1; items <= 3; items++) {
            execute(db, ScenarioSql.ORDER_INSERT.get(items));
            assertThat(query(db, "SELECT jsonb_array_length(order_items) || '/' || jsonb_array_length(products)"
                    + " FROM cdc_events WHERE order_id = 11075")).isEqualTo(items + "/" + items);
        }
        assertThat(query(db, "SELECT products->2->>'product_name' FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("Lakkalikööri");
        assertThat(query(db, "SELECT shipment->>'ship_city' FROM cdc_events WHERE order_id = 11075"))
                .isEqualTo("Genève");
        assertThat(query(db, "SELECT count(*) FROM cdc_events")).isEqualTo("830");
    }

    @Test
    void deletingADetailRefreshesAndDeletingAnOrderRemovesItsEvent() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();
        ScenarioSql.ORDER_INSERT.forEach(sql -> execute(db, sql));

        execute(db, "DELETE FROM order_details WHERE order_id = 11075 AND product_id = 46");
        assertThat(query(db, "SELECT jsonb_array_length(order_items) FROM cdc_events WHERE order_id = 11075")).isEqualTo("2");
        execute(db, "DELETE FROM order_details WHERE order_id = 11075");
        execute(db, "DELETE FROM orders WHERE order_id = 11075");
        assertThat(query(db, "SELECT count(*) FROM cdc_events WHERE order_id = 11075")).isEqualTo("0");
    }

    @Test
    void anExistingSchemaIsRefusedUnlessReplaced() throws Exception {
        String db = newDatabaseName();
        loader(db).build().load();
        execute(db, "UPDATE orders SET freight = 1 WHERE order_id = 10248");

        assertThatThrownBy(() -> loader(db).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessage("schema datalake already exists in database " + db
                        + "; pass --replace to drop and load it again, or choose another database with -d");
        assertThat(query(db, "SELECT freight FROM orders WHERE order_id = 10248")).as("unchanged").isEqualTo("1");

        LoadResult replaced = loader(db).replace(true).build().load();
        assertThat(replaced.databaseCreated()).isFalse();
        assertThat(replaced.events()).isEqualTo(829);
        assertThat(query(db, "SELECT freight FROM orders WHERE order_id = 10248")).isNotEqualTo("1");
    }

    @Test
    void anUnreachableServerIsOneLineAndCreatesNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThatThrownBy(() -> NorthwindLoader.builder().host("localhost").port(port).database("devdb")
                .user("postgres").password("s3cret-pw").build().load())
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at localhost:" + port)
                .hasMessageEndingWith("check -h and -p and that the server accepts TCP connections")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw").doesNotContain("\n"));
    }

    @Test
    void aWrongPasswordIsOneLineAndLeavesTheServerUnchanged() throws Exception {
        Path hba = dataDir.resolve("pg").resolve("pg_hba.conf");
        String trust = Files.readString(hba);
        execute("postgres", "CREATE ROLE loader_pw LOGIN CREATEDB PASSWORD 'right-password'");
        Files.writeString(hba, "host all loader_pw 127.0.0.1/32 scram-sha-256\nhost all loader_pw ::1/128 scram-sha-256\n" + trust);
        execute("postgres", "SELECT pg_reload_conf()");
        try {
            String db = newDatabaseName();
            assertThatThrownBy(() -> NorthwindLoader.builder().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("wrong-password").build().load())
                    .isInstanceOf(LoadException.class)
                    .hasMessage("authentication failed for user 'loader_pw' at localhost:" + pg.port()
                            + "; check -u and the password (prompt, PGPASSWORD or --password-file)");
            assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");

            LoadResult ok = NorthwindLoader.builder().host("localhost").port(pg.port()).database(db)
                    .user("loader_pw").password("right-password").build().load();
            assertThat(ok.events()).isEqualTo(829);
        } finally {
            Files.writeString(hba, trust);
            execute("postgres", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void aFailingScriptRollsBackAndDropsTheDatabaseItCreated(@TempDir Path scripts) throws Exception {
        Files.writeString(scripts.resolve("01-tables.sql"), "CREATE TABLE orders (order_id int PRIMARY KEY);");
        Files.writeString(scripts.resolve("02-broken.sql"), "INSERT INTO nowhere VALUES (1);");
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scriptsDir(scripts).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("relation \"nowhere\" does not exist");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    @Test
    void scaleMultipliesTheLoadedOrders() throws Exception {
        LoadResult result = loader(newDatabaseName()).scale(3).build().load();
        assertThat(result.rowCounts()).containsEntry("orders", 3L * 830 - 1).containsEntry("customers", 273L);
        assertThat(result.events()).isEqualTo(3L * 830 - 1);
    }

    private static NorthwindLoader.Builder loader(String database) {
        return NorthwindLoader.builder().host(pg.host()).port(pg.port()).database(database).user(pg.user());
    }

    private static String newDatabaseName() {
        return "northwind_" + DATABASES.incrementAndGet();
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
