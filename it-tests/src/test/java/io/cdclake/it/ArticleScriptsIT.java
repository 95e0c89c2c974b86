package io.cdclake.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.cli.CdcLake;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.Target;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.embedded.PostgresServer;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import io.cdclake.scenario.Scenario;
import io.cdclake.scenario.ScenarioResult;
import io.cdclake.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's pipeline on the article's own database: {@code source.init} is the four SQL scripts of the
 * article's repository, unchanged (test resources {@code article-sql/}, with their provenance). The scripts make
 * the outbox, its triggers and the publication themselves; the pipeline only runs them. Its records must carry
 * what the article's trigger writes (whole rows), which the built-in outbox does not.
 */
class ArticleScriptsIT {

    static final Path PIPELINE_FILE = resource("/article-sql/northwind-article-scripts.yaml");
    static final String TOPIC = "msk.datalake.cdc_events";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Debezium writes for a TOASTed column an UPDATE left unchanged (pgoutput does not send it). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    @TempDir
    Path dir;

    @Test
    void theArticlesScriptsLoad829EventsAndPassBothScenariosWithTheArticlesRecords() throws Exception {
        Pipeline pipeline = PipelineYaml.read(PIPELINE_FILE);
        assertThat(pipeline.source().init().scripts()).extracting(s -> Path.of(s).getFileName().toString())
                .containsExactly("00_create_schema.sql", "01_northwind_ddl.sql", "02_northwind_data.sql",
                        "03_cdc_events.sql");
        assertThat(pipeline.source().publication().create()).as("the scripts make cdc_publication").isFalse();

        try (LocalPipeline running = LocalTargets.connectRest(pipeline, dir.resolve("data"), true, null)) {
            try (TopicInspector topics = new TopicInspector(running.runtime().kafka().bootstrapServers())) {
                assertThat(topics.messages(TOPIC)).as("snapshot messages in the topic").isEqualTo(829);
            }
            Target target = running.target();
            List<String> ran = new ArrayList<>();
            for (Scenario scenario : Scenarios.all(pipeline, LocalPipeline.LOCAL_ENVIRONMENT)) {
                ScenarioResult result = scenario.run(target, target,
                        line -> System.out.println(scenario.name() + ": " + line));
                System.out.println(result.report());
                assertThat(result.passed()).as(result.report()).isTrue();
                ran.add(result.scenario());
            }
            assertThat(ran).containsExactly("snapshot", "order-update", "order-insert");

            List<JsonNode> all = records(target, "cdc-events/");
            assertThat(all).as("829 snapshot records, the update's and the insert's 4").hasSize(829 + 1 + 4);
            List<String> unavailable = new ArrayList<>();
            all.forEach(r -> carriesTheArticlesWholeRows(r, unavailable));
            // The article's trigger leaves employee out of its ON CONFLICT DO UPDATE, and cdc_events has the default
            // replica identity: an update that keeps a TOASTed employee unchanged does not send it (pgoutput), so
            // Debezium writes its placeholder there, as it does for the article. Deterministic for the article's data:
            // the update of 11077, and the insert's third and fourth records (11075's row by then TOASTs employee).
            assertThat(unavailable).as("order/op/field of records with Debezium's placeholder")
                    .containsExactlyInAnyOrder("11077/u/employee", "11075/u/employee", "11075/u/employee");

            // Order 11077, customer RATTC with its fax, employee 1 with every column (the snapshot's record).
            List<JsonNode> updated = records(target, "cdc-events/customer_id=RATTC/order_id=11077/");
            assertThat(updated).hasSize(2);
            JsonNode last = updated.get(1);
            assertThat(json(last, "customer").path("fax").asText()).isEqualTo("(505) 555-3620");
            assertThat(json(last, "customer").path("company_name").asText()).isEqualTo("Rattlesnake Canyon Grocery");
            assertThat(last.path("employee").asText()).isEqualTo(UNAVAILABLE);
            JsonNode employee = json(updated.get(0), "employee");
            assertThat(employee.path("last_name").asText()).isEqualTo("Davolio");
            assertThat(employee.path("birth_date").asText()).isEqualTo("1948-12-08");
            assertThat(employee.path("hire_date").asText()).isEqualTo("1992-05-01");
            assertThat(employee.path("extension").asText()).isEqualTo("5467");
            assertThat(employee.path("reports_to").asInt()).isEqualTo(2);
            assertThat(employee.path("territories")).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.has("region_id")).as("territory " + t).isTrue());
            JsonNode chang = product(json(last, "products"), 2);
            assertThat(chang.path("product_name").asText()).isEqualTo("Chang");
            assertThat(chang.path("company_name").asText()).as("its supplier's").isEqualTo("Exotic Liquids");
            assertThat(chang.path("contact_name").asText()).isEqualTo("Charlotte Cooper");
            assertThat(chang.path("category_name").asText()).isEqualTo("Beverages");
            assertThat(chang.path("description").asText()).isEqualTo("Soft drinks, coffees, teas, beers, and ales");

            // The insert's last record, of order 11075: the order with its three items, each product whole.
            List<JsonNode> inserted = records(target, "cdc-events/customer_id=RICSU/order_id=11075/");
            assertThat(inserted).hasSize(4);
            JsonNode complete = inserted.get(3);
            assertThat(json(complete, "products")).extracting(p -> p.path("product_id").asInt())
                    .containsExactlyInAnyOrder(2, 46, 76);
            assertThat(json(complete, "products")).extracting(p -> p.path("company_name").asText())
                    .containsExactlyInAnyOrder("Exotic Liquids", "Lyngbysild", "Karkki Oy");
            JsonNode fax = json(complete, "customer").get("fax");
            assertThat(fax != null && fax.isNull()).as("Richter Supermarkt's fax: present, null; was " + fax).isTrue();
            assertThat(json(complete, "customer").path("phone").asText()).isEqualTo("0897-034214");
            assertThat(json(inserted.get(0), "employee").path("last_name").asText()).isEqualTo("Callahan");
            assertThat(json(inserted.get(1), "employee").path("last_name").asText()).isEqualTo("Callahan");
            assertThat(complete.path("employee").asText()).isEqualTo(UNAVAILABLE);
        }
    }

    /** {@code cdclake load-db --pipeline} with the article's scripts on a server cdc-lake did not set up. */
    @Test
    void loadDbRunsTheArticlesScriptsOnAServerItDidNotConfigure() throws Exception {
        Path pgDir = dir.resolve("pg");
        try (PostgresServer server = PostgresServer.builder().dataDirectory(pgDir).start()) {
            // As on RDS or Aurora: a password-checked master user that may create databases and roles, no superuser
            // (and no role devuser, which 00_create_schema.sql grants to).
            execute(server, "postgres", "CREATE ROLE master LOGIN CREATEDB CREATEROLE PASSWORD 'master-pw'");
            Path hba = pgDir.resolve("pg_hba.conf");
            Files.writeString(hba, "host all master 127.0.0.1/32 scram-sha-256\nhost all master ::1/128 scram-sha-256\n"
                    + Files.readString(hba));
            execute(server, "postgres", "SELECT pg_reload_conf()");
            Path password = Files.writeString(dir.resolve("password.txt"), "master-pw\n");

            String[] loadDb = {"load-db", "--pipeline", PIPELINE_FILE.toString(), "-h", "localhost",
                    "-p", Integer.toString(server.port()), "-u", "master", "--password-file", password.toString(), "--yes"};
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = run(out, err, loadDb);

            assertThat(exit).as(out + "\n" + err).isZero();
            assertThat(err.toString()).isEmpty();
            assertThat(out.toString()).contains("created role devuser (NOLOGIN)", "running 03_cdc_events.sql",
                            "publication cdc_publication exists (made by the scripts)")
                    .containsPattern("Database devdb at localhost:\\d+ is ready: 829 rows in datalake.cdc_events,"
                            + " publication cdc_publication \\(\\d+\\.\\d s\\)\\.");
            assertThat(query(server, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("829");
            assertThat(query(server, "SELECT customer->>'fax' FROM datalake.cdc_events WHERE order_id = 11077"))
                    .isEqualTo("(505) 555-3620");
            assertThat(query(server, "SELECT count(*) FROM datalake.orders WHERE order_id = 11075"))
                    .as("held back by the article's data script").isEqualTo("0");
            assertThat(query(server, "SELECT string_agg(schemaname || '.' || tablename, ',') FROM pg_publication_tables"
                    + " WHERE pubname = 'cdc_publication'")).isEqualTo("datalake.cdc_events");
            assertThat(query(server, "SELECT has_schema_privilege('devuser', 'datalake', 'USAGE')")).isEqualTo("t");

            // A second load is refused and changes nothing; with --replace it loads again.
            execute(server, "devdb", "DELETE FROM datalake.cdc_events WHERE order_id = 10248");
            StringWriter again = new StringWriter();
            assertThat(run(new StringWriter(), again, loadDb)).isEqualTo(1);
            assertThat(again.toString()).contains("already exist");
            assertThat(query(server, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("828");
            List<String> replace = new ArrayList<>(List.of(loadDb));
            replace.add("--replace");
            StringWriter replaced = new StringWriter();
            assertThat(run(replaced, replaced, replace.toArray(String[]::new))).as(replaced.toString()).isZero();
            assertThat(query(server, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("829");
        }
    }

    /** What the article's trigger writes and the built-in outbox (sql/.../outbox.sql) leaves out. */
    private static void carriesTheArticlesWholeRows(JsonNode record, List<String> unavailable) {
        String order = record.path("order_id").asText();
        for (String field : List.of("order_items", "products", "customer", "employee", "shipper", "shipment")) {
            if (UNAVAILABLE.equals(record.path(field).asText())) {
                unavailable.add(order + "/" + record.path("__op").asText() + "/" + field);
            }
        }
        JsonNode customer = json(record, "customer");
        assertThat(customer.has("fax")).as("order " + order + ": customer.fax in " + customer).isTrue();
        if (!UNAVAILABLE.equals(record.path("employee").asText())) {
            employeeIsWhole(order, json(record, "employee"));
        }
        JsonNode products = json(record, "products");
        if (products == null) {
            return; // an order without items: the insert's first record
        }
        for (JsonNode product : products) {
            // products joined with suppliers (company_name, contact_name, ...) and categories (category_name, ...)
            for (String column : List.of("product_id", "product_name", "supplier_id", "category_id", "unit_price",
                    "discontinued", "company_name", "contact_name", "fax", "homepage", "category_name", "description")) {
                assertThat(product.has(column)).as("order " + order + ": products[*]." + column + " in " + product)
                        .isTrue();
            }
            assertThat(product.has("supplier_name")).as("the built-in outbox's name for company_name").isFalse();
        }
    }

    /** The article's employee: every column of employees, and its territories with their regions. */
    private static void employeeIsWhole(String order, JsonNode employee) {
        assertThat(employee).as("order " + order + ": employee, all of its columns").isNotNull();
        for (String column : List.of("employee_id", "last_name", "first_name", "title", "title_of_courtesy",
                "birth_date", "hire_date", "address", "city", "region", "postal_code", "country", "home_phone",
                "extension", "photo", "notes", "reports_to", "photo_path", "territories")) {
            assertThat(employee.has(column)).as("order " + order + ": employee." + column).isTrue();
        }
        for (JsonNode territory : employee.get("territories")) {
            assertThat(territory.has("region_id")).as("order " + order + ": territory " + territory).isTrue();
        }
    }

    private static JsonNode product(JsonNode products, int id) {
        for (JsonNode product : products) {
            if (product.path("product_id").asInt() == id) {
                return product;
            }
        }
        throw new AssertionError("no product " + id + " in " + products);
    }

    /** A jsonb column of a record (Debezium sends it as JSON text), parsed; null for SQL NULL. */
    private static JsonNode json(JsonNode record, String field) {
        JsonNode value = record.get(field);
        assertThat(value).as("field " + field + " of " + record).isNotNull();
        if (value.isNull()) {
            return null;
        }
        try {
            return value.isTextual() ? JSON.readTree(value.asText()) : value;
        } catch (IOException e) {
            throw new UncheckedIOException("field " + field + " is not JSON: " + value, e);
        }
    }

    /** The records under {@code prefix} of the topic, by Kafka partition then offset (as the sink names objects). */
    private static List<JsonNode> records(Target target, String prefix) throws IOException {
        List<SinkObject> objects = new ArrayList<>(target.listObjects(prefix).stream()
                .filter(o -> o.key().contains("/" + TOPIC + "(")).toList());
        objects.sort((a, b) -> {
            long[] x = position(a.key());
            long[] y = position(b.key());
            return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
        });
        List<JsonNode> records = new ArrayList<>();
        for (SinkObject object : objects) {
            for (Iterator<String> lines = target.readObject(object.key()).lines().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        return records;
    }

    /** {@code .../<topic>(<partition>_<offset>).json} as {partition, offset}. */
    private static long[] position(String key) {
        String inside = key.substring(key.lastIndexOf('(') + 1, key.lastIndexOf(')'));
        String[] parts = inside.split("_");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = CdcLake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String query(PostgresServer server, String sql) throws SQLException {
        try (Connection c = server.connect("devdb"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(PostgresServer server, String db, String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(ArticleScriptsIT.class.getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
