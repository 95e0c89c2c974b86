package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.yaml.PipelineYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake init --from ...} as a user runs it, then {@code validate} on what it wrote. */
class InitCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/init");
    private static final String SOURCE = FIXTURES.resolve("orders-source.json").toString();
    private static final String SINK = FIXTURES.resolve("orders-sink.properties").toString();
    private static final String[] SECRETS = {"not-a-real-password-0042", "AKIATESTACCESSKEY0042",
            "test-secret-key-never-copied-0042"};

    @TempDir
    Path dir;

    @Test
    void initWritesAPipelineThatValidateAccepts() throws Exception {
        Path out = dir.resolve("orders.yaml");

        CliRun init = CliRun.cdclake("init", "--from", SOURCE, SINK, "--output", out.toString());

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.err()).isEmpty();
        assertThat(init.out().lines()).containsExactly(
                "wrote " + out + ": pipeline orders-cdc, datalake.cdc_events -> msk.datalake.cdc_events"
                        + " -> s3://orders-lake-test/order-events/; environments local, aws",
                "5 settings not imported:",
                "  orders-source.json database.password: a secret, not copied: store it in Secrets Manager and put the"
                        + " secret's ARN in environments.aws.database.password",
                "  orders-source.json heartbeat.interval.ms: not a setting of the pipeline model; cdc-lake does not"
                        + " render it, so Debezium's default applies",
                "  orders-sink.properties connect.s3.aws.auth.mode: is Credentials; on MSK Connect the connector's"
                        + " execution role reaches S3 (Default), locally the runtime supplies credentials",
                "  orders-sink.properties connect.s3.aws.access.key: a secret, not copied: on MSK Connect the"
                        + " connector's execution role reaches S3",
                "  orders-sink.properties connect.s3.aws.secret.key: a secret, not copied: on MSK Connect the"
                        + " connector's execution role reaches S3",
                "aws has 8 placeholders to fill before deploying",
                "next: ./cdclake validate --pipeline " + out + "; ./cdclake up --pipeline " + out);

        CliRun validate = CliRun.cdclake("validate", "--pipeline", out.toString());

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).startsWith("ok: orders-cdc (" + out + "): datalake.cdc_events -> msk.datalake.cdc_events"
                + " -> s3://orders-lake-test/order-events/; environments local, aws; aws has 8 placeholders");
        Pipeline p = PipelineYaml.read(out);
        assertThat(p.sink().flush().count()).isEqualTo(20);
        assertThat(p.sink().flush().intervalSeconds()).isEqualTo(30);
        assertThat(p.source().slotName()).isEqualTo("orders_slot");
        assertThat(p.environment("aws").region()).isEqualTo("eu-west-1");
        String yaml = Files.readString(out);
        assertThat(yaml).contains("  slotName: orders_slot   # from orders-source.json slot.name\n")
                .contains("    user: orders_reader   # from orders-source.json database.user\n")
                .doesNotContain(dir.toString());
        for (String secret : SECRETS) {
            assertThat(yaml).doesNotContain(secret);
            assertThat(init.out()).doesNotContain(secret);
        }
    }

    @Test
    void scriptsGivenToInitBecomeTheSourceInitRelativeToTheOutputFile() throws Exception {
        Path sql = Files.createDirectories(dir.resolve("sql"));
        Path schema = Files.writeString(sql.resolve("01_schema.sql"), "CREATE SCHEMA datalake;");
        Path outbox = Files.writeString(sql.resolve("02_outbox.sql"), "CREATE TABLE datalake.cdc_events (id int);");
        Path out = Files.createDirectories(dir.resolve("pipelines")).resolve("orders.yaml");

        CliRun init = CliRun.cdclake("init", "--from", SOURCE, SINK, "--output", out.toString(),
                "--scripts", schema.toString(), outbox.toString(), "--roles", "devuser,reporting");

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(Files.readString(out)).contains("    scripts: [../sql/01_schema.sql, ../sql/02_outbox.sql]\n")
                .doesNotContain(dir.toString());
        Pipeline p = PipelineYaml.read(out);
        assertThat(p.source().init().scripts()).containsExactly(schema.toString(), outbox.toString());
        assertThat(p.source().init().roles()).containsExactly("devuser", "reporting");

        CliRun missing = CliRun.cdclake("init", "--from", SOURCE, SINK, "--scripts", dir.resolve("nope.sql").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--scripts " + dir.resolve("nope.sql") + " is not a file;");
        CliRun rolesAlone = CliRun.cdclake("init", "--from", SOURCE, SINK, "--roles", "devuser");
        assertThat(rolesAlone.exitCode()).isEqualTo(2);
        assertThat(rolesAlone.err()).contains("--roles applies to --scripts");
    }

    @Test
    void withoutOutputThePipelineGoesToStandardOutputAndTheReportToStandardError() {
        CliRun init = CliRun.cdclake("init", "--from", SINK, SOURCE, "--name", "my-orders", "--keep-sink-class");

        assertThat(init.exitCode()).as(init.err()).isZero();
        Pipeline p = PipelineYaml.parse(init.out(), "stdout");
        assertThat(p.name()).isEqualTo("my-orders");
        assertThat(p.sink().connectorClass()).isEqualTo(Sink.LENSES_CONNECTOR);
        assertThat(init.err()).startsWith("imported: pipeline my-orders, datalake.cdc_events").contains("5 settings not"
                + " imported:").doesNotContain("next:");
        for (String secret : SECRETS) {
            assertThat(init.out() + init.err()).doesNotContain(secret);
        }
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws Exception {
        Path out = Files.writeString(dir.resolve("mine.yaml"), "my own pipeline\n");

        CliRun refused = CliRun.cdclake("init", "--from", SOURCE, SINK, "--output", out.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines().findFirst()).hasValue("--output " + out + " exists; pass --force to replace it,"
                + " or choose another --output");
        assertThat(Files.readString(out)).isEqualTo("my own pipeline\n");

        CliRun forced = CliRun.cdclake("init", "--from", SOURCE, SINK, "--output", out.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(PipelineYaml.read(out).name()).isEqualTo("orders-cdc");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void badInputsAreOneLineEachAndWriteNothing() {
        Path out = dir.resolve("never.yaml");
        String second = FIXTURES.resolve("second-source.properties").toString();
        String confluent = FIXTURES.resolve("confluent-sink.json").toString();
        String broken = FIXTURES.resolve("broken-source.json").toString();

        assertRefused(out, "error: orders-source.json: connector.class: no file is a KCQL S3 sink. Fix: add the sink"
                + " connector's file (connector.class=io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector)", SOURCE);
        assertRefused(out, "error: orders-sink.properties: connector.class: no file is a Debezium PostgreSQL source."
                + " Fix: add the source connector's file"
                + " (connector.class=io.debezium.connector.postgresql.PostgresConnector)", SINK);
        assertRefused(out, "error: second-source.properties: connector.class: is a second Debezium PostgreSQL source"
                + " (the first is orders-source.json). Fix: pass one source file and one sink file", SOURCE, second, SINK);
        assertRefused(out, "error: confluent-sink.json: connector.class: 'io.confluent.connect.s3.S3SinkConnector' is"
                + " not a connector cdc-lake imports. Fix: pass a Debezium PostgreSQL source"
                + " (io.debezium.connector.postgresql.PostgresConnector) and a KCQL S3 sink"
                + " (io.cdclake.s3sink.S3SinkConnector or io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector)",
                SOURCE, confluent);
        assertRefused(out, "error: broken-source.json: (file): is not valid JSON at line 2, column 22: Unrecognized"
                + " token 'msk': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')."
                + " Fix: fix the JSON there, or pass a .properties file", broken, SINK);
        assertRefused(out, "error: missing.json: (file): does not exist. Fix: pass an existing connector file to --from",
                dir.resolve("missing.json").toString(), SINK);
    }

    private void assertRefused(Path out, String error, String... from) {
        String[] args = new String[from.length + 4];
        args[0] = "init";
        args[1] = "--from";
        System.arraycopy(from, 0, args, 2, from.length);
        args[from.length + 2] = "--output";
        args[from.length + 3] = out.toString();

        CliRun run = CliRun.cdclake(args);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(error);
        assertThat(out).doesNotExist();
    }
}
