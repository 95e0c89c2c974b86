package io.cdclake.sql;

import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pipeline's own init scripts against a real PostgreSQL: one server for the class, a new database per test. */
class ScriptsLoaderTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<String> TABLES = List.of("shop.customers", "shop.order_lines");

    @TempDir
    static Path dataDir;
    static PostgresServer pg;

    @TempDir
    Path scripts;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.builder().dataDirectory(dataDir.resolve("pg")).start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void scriptsRunInListOrderWithTheirCopyDataAndThePublicationCoversTheCapturedTables() throws Exception {
        // list order, not name order: the data script is named before the schema script
        Path schema = script("b-schema.sql", """
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (code text PRIMARY KEY, country text NOT NULL);
                CREATE TABLE shop.order_lines (order_id int, line_no int, sku text, PRIMARY KEY (order_id, line_no));
                CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RETURN NEW;
                END;
                $$;
                """);
        Path data = script("a-data.sql", """
                -- as pg_dump writes it
                COPY shop.customers (code, country) FROM stdin;
                ALFKI\tGermany
                BONAP\tFrance
                \\.

                INSERT INTO shop.order_lines VALUES (1, 1, 'tea');
                COPY shop.order_lines (order_id, line_no, sku) FROM stdin;
                1\t2\tcoffee
                2\t1\t\\N
                \\.
                """);
        String db = newDatabaseName();
        List<LoadProgress> progress = new ArrayList<>();

        LoadResult result = loader(db).scripts(List.of(schema, data)).progress(progress::add).build().load();

        assertThat(result.rowCounts()).containsExactly(Map.entry("shop.customers", 2L), Map.entry("shop.order_lines", 3L));
        assertThat(progress).extracting(LoadProgress::message).containsSubsequence(
                "running b-schema.sql (8 lines)", "running a-data.sql (11 lines)",
                "COPY shop.customers (code, country): 2 rows", "COPY shop.order_lines (order_id, line_no, sku): 2 rows",
                "publication shop_publication for shop.customers, shop.order_lines");
        assertThat(query(db, "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename)"
                + " FROM pg_publication_tables WHERE pubname = 'shop_publication'"))
                .isEqualTo("shop.customers,shop.order_lines");
        assertThat(query(db, "SELECT count(*) FROM shop.order_lines WHERE sku IS NULL")).isEqualTo("1");
    }

    @Test
    void aPublicationTheScriptsMakeIsKeptAndNoneIsMadeWhenThePipelineSaysSo() throws Exception {
        Path own = script("schema.sql", schemaSql() + "CREATE PUBLICATION shop_publication FOR TABLE shop.customers;\n");
        String db = newDatabaseName();
        List<LoadProgress> progress = new ArrayList<>();
        loader(db).scripts(List.of(own)).progress(progress::add).build().load();
        assertThat(progress).extracting(LoadProgress::message)
                .contains("publication shop_publication exists (made by the scripts)");
        assertThat(query(db, "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'shop_publication'"))
                .as("as the scripts made it").isEqualTo("1");

        String other = newDatabaseName();
        List<LoadProgress> notes = new ArrayList<>();
        loader(other).scripts(List.of(script("plain.sql", schemaSql()))).publication("shop_publication", false)
                .progress(notes::add).build().load();
        assertThat(query(other, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
        assertThat(notes).filteredOn(step -> step.phase().equals("note")).extracting(LoadProgress::message)
                .singleElement().asString().startsWith("publication shop_publication does not exist and"
                        + " source.publication.create is false: create it");
    }

    @Test
    void rolesTheScriptsGrantToAreCreatedAndAMissingOneNamesTheFix() throws Exception {
        Path grants = script("00-grants.sql", "CREATE SCHEMA shop;\nGRANT ALL ON SCHEMA shop TO devuser;\n"
                + schemaSql().replace("CREATE SCHEMA shop;\n", ""));
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scripts(List.of(grants)).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessage("script 00-grants.sql failed: ERROR: role \"devuser\" does not exist (declare the role in"
                        + " source.init.roles, and cdc-lake creates it); nothing was loaded");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");

        List<LoadProgress> progress = new ArrayList<>();
        loader(db).scripts(List.of(grants)).roles(List.of("devuser")).progress(progress::add).build().load();
        assertThat(progress).extracting(LoadProgress::message)
                .contains("created role devuser (NOLOGIN), which the scripts refer to");
        assertThat(query(db, "SELECT has_schema_privilege('devuser', 'shop', 'CREATE')")).isEqualTo("t");
    }

    @Test
    void aFailingScriptLeavesNothingBehind() throws Exception {
        String db = newDatabaseName();
        pg.createDatabaseIfAbsent(db);
        execute(db, "CREATE TABLE public.keep (id int PRIMARY KEY); INSERT INTO public.keep VALUES (7)");
        Path ok = script("01.sql", schemaSql());
        Path broken = script("02.sql", "INSERT INTO nowhere VALUES (1);");

        assertThatThrownBy(() -> loader(db).scripts(List.of(ok, broken)).build().load())
                .isInstanceOf(LoadException.class)
                .hasMessage("script 02.sql failed: ERROR: relation \"nowhere\" does not exist; nothing was loaded");

        assertThat(query(db, "SELECT string_agg(id::text, ',') FROM public.keep")).isEqualTo("7");
        assertThat(query(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'")).isEqualTo("0");
        assertThat(query(db, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
    }

    @Test
    void scriptsThatDoNotCreateACapturedTableAreRolledBack() throws Exception {
        Path partial = script("01.sql", "CREATE SCHEMA shop;\nCREATE TABLE shop.customers (code text PRIMARY KEY);\n");
        String db = newDatabaseName();
        assertThatThrownBy(() -> loader(db).scripts(List.of(partial)).build().load())
                .hasMessage("the scripts did not create shop.order_lines, which the pipeline captures; create them in"
                        + " source.init.scripts, or correct source.tables; nothing was loaded");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    @Test
    void anEarlierLoadIsRefusedUnlessReplacedAndReplacingDropsItsSchemas() throws Exception {
        Path s = script("01.sql", schemaSql() + "INSERT INTO shop.customers VALUES ('ALFKI', 'Germany');\n");
        String db = newDatabaseName();
        loader(db).scripts(List.of(s)).build().load();
        execute(db, "INSERT INTO shop.customers VALUES ('EXTRA', 'Peru')");

        assertThatThrownBy(() -> loader(db).scripts(List.of(s)).build().load())
                .hasMessage("table shop.customers, table shop.order_lines, publication shop_publication already exist"
                        + " in database " + db + "; pass --replace to drop and load again, or give the pipeline another"
                        + " source.database");
        assertThat(query(db, "SELECT count(*) FROM shop.customers")).as("unchanged").isEqualTo("2");

        LoadResult replaced = loader(db).scripts(List.of(s)).replace(true).build().load();
        assertThat(replaced.rowCounts()).containsEntry("shop.customers", 1L);
    }

    @Test
    void whatOnlyPsqlRunsIsRefusedBeforeTheServerChanges() throws Exception {
        String db = newDatabaseName();
        Path transactions = script("dump.sql", "SET client_encoding = 'UTF8';\nBEGIN;\n" + schemaSql() + "COMMIT;\n");
        assertThatThrownBy(() -> loader(db).scripts(List.of(transactions)).build().load())
                .hasMessage("script dump.sql has BEGIN on line 2; the scripts run in one transaction, so remove its"
                        + " BEGIN/COMMIT lines");
        Path meta = script("meta.sql", "\\connect devdb\n" + schemaSql());
        assertThatThrownBy(() -> loader(db).scripts(List.of(meta)).build().load())
                .hasMessage("script meta.sql has the psql command \\connect, which only psql runs; remove it (the"
                        + " scripts run in the pipeline's database)");
        assertThat(query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")).isEqualTo("0");
    }

    private static String schemaSql() {
        return """
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (code text PRIMARY KEY, country text);
                CREATE TABLE shop.order_lines (order_id int, line_no int, PRIMARY KEY (order_id, line_no));
                """;
    }

    private Path script(String name, String sql) throws Exception {
        return Files.writeString(scripts.resolve(name), sql);
    }

    private static SourceLoader.Builder loader(String database) {
        return SourceLoader.builder().host(pg.host()).port(pg.port()).database(database).user(pg.user())
                .tables(TABLES).publication("shop_publication", true);
    }

    private static String newDatabaseName() {
        return "scripts_" + DATABASES.incrementAndGet();
    }

    private static String query(String db, String sql) throws SQLException {
        return Databases.query(pg, db, sql);
    }

    private static void execute(String db, String sql) {
        Databases.execute(pg, db, sql);
    }
}
