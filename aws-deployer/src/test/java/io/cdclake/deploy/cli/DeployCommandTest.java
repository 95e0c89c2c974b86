package io.cdclake.deploy.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.deploy.TestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy} as people run it: verbs, usage errors, plan output, IAM documents, and no secret in any output. */
class DeployCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    TestBed bed;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        bed = new TestBed(dir);
    }

    @AfterEach
    void stop() {
        assertThat(bed.api.violations()).isEmpty();
        bed.close();
    }

    private int run(String... args) {
        return run(new DeployCommand(bed.clients()), args);
    }

    private int run(DeployCommand command, String... args) {
        CommandLine cmd = DeployCommand.commandLine(command);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpListsTheVerbs() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("plan", "apply", "status", "destroy", "iam-policy");
    }

    @Test
    void badUsageExitsWithTwo() throws IOException {
        Path pipeline = TestBed.write(dir, TestBed.awsYaml());
        assertThat(run("launch")).isEqualTo(2);
        assertThat(run("plan", "--env", "aws")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--pipeline=FILE'");
        assertThat(run("plan", "--pipeline", pipeline.toString(), "--env", "prod")).isEqualTo(2);
        assertThat(err.toString()).contains("--env prod: the pipeline has no environment 'prod'; it declares local, emulator, aws");
        assertThat(run("iam-policy", "--pipeline", pipeline.toString(), "--env", "aws", "--document", "admin")).isEqualTo(2);
        assertThat(bed.api.calls()).isEmpty();
    }

    @Test
    void planOfTheReferencePipelineOnAwsListsThePlaceholdersAndWhatWouldBeCreatedWithoutAskingAws() {
        int exit = run("plan", "--pipeline", Path.of("..", "pipelines", "northwind-orders.yaml").toString(), "--env", "aws",
                "--work-dir", bed.workDir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(
                "error: environments.aws.database.host: is a placeholder (value: <your-aurora-cluster-endpoint>)",
                "error: environments.aws.msk.serviceExecutionRoleArn: is a placeholder",
                "error: preflight found 8 problem(s); apply would refuse to change anything");
        assertThat(out.toString()).contains("NOT compared with MSK Connect", "+   connector northwind-orders-source: create",
                "database.password = ${secretsmanager:arn:aws:secretsmanager:ap-southeast-2:<account-id>:secret:<secret-name>:password}",
                "Plan: 5 to create, 0 to update in place, 0 to replace, 0 to delete.");
        assertThat(bed.api.calls()).isEmpty();
    }

    @Test
    void iamPolicyGivesLeastPrivilegeDocumentsForThePipeline() throws IOException {
        Path pipeline = TestBed.write(dir, TestBed.awsYaml("encryptionInTransit: TLS", "encryptionInTransit: TLS\n        clusterArn: " + TestBed.CLUSTER_ARN));

        assertThat(run("iam-policy", "--pipeline", pipeline.toString(), "--env", "aws", "--document", "trust")).isZero();
        JsonNode trust = JSON.readTree(out.toString());
        JsonNode s = trust.get("Statement").get(0);
        assertThat(s.get("Principal").get("Service").asText()).isEqualTo("kafkaconnect.amazonaws.com");
        assertThat(s.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(s.get("Condition").get("StringEquals").get("aws:SourceAccount").asText()).isEqualTo(TestBed.ACCOUNT);
        assertThat(s.get("Condition").get("ArnLike").get("aws:SourceArn")).extracting(JsonNode::asText).containsExactly(
                "arn:aws:kafkaconnect:ap-southeast-2:123456789012:connector/northwind-orders-source/*",
                "arn:aws:kafkaconnect:ap-southeast-2:123456789012:connector/northwind-orders-sink/*");

        Path docs = dir.resolve("iam");
        assertThat(run("iam-policy", "--pipeline", pipeline.toString(), "--env", "aws", "--output-dir", docs.toString())).isZero();
        JsonNode execution = JSON.readTree(Files.readString(docs.resolve("execution-role-policy.json")));
        String cluster = "arn:aws:kafka:ap-southeast-2:123456789012:";
        String uuid = "cdc-lake/5a2f7c1e-0b9d-4e3a-8f6c-2d1e0a9b8c7d-3/";
        assertThat(statement(execution, "ConnectToTheCluster").get("Resource")).extracting(JsonNode::asText).containsExactly(TestBed.CLUSTER_ARN);
        assertThat(statement(execution, "WriteThePipelineTopics").get("Resource")).extracting(JsonNode::asText)
                .containsExactly(cluster + "topic/" + uuid + "msk.datalake.cdc_events");
        assertThat(statement(execution, "ConsumerGroups").get("Resource")).extracting(JsonNode::asText)
                .contains(cluster + "group/" + uuid + "connect-northwind-orders-sink");
        assertThat(statement(execution, "ExactlyOnceSourceTransactions").get("Resource")).extracting(JsonNode::asText)
                .containsExactly(cluster + "transactional-id/" + uuid + "*northwind-orders-source*");
        assertThat(statement(execution, "WriteTheSinkObjects").get("Resource")).extracting(JsonNode::asText).containsExactly(
                "arn:aws:s3:::data-lake-demo-cevo/cdc-events/*", "arn:aws:s3:::data-lake-demo-cevo/.indexes/northwind-orders-sink/*");
        assertThat(statement(execution, "ReadTheDatabasePassword").get("Resource")).extracting(JsonNode::asText)
                .containsExactly("arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:northwind-db-AbCdEf");
        assertThat(execution.toString()).doesNotContain("\"*\"", "kafka-cluster:*", "s3:*");
        JsonNode deployer = JSON.readTree(Files.readString(docs.resolve("deployer-policy.json")));
        assertThat(statement(deployer, "PassTheExecutionRole").get("Condition").get("StringEquals").get("iam:PassedToService").asText())
                .isEqualTo("kafkaconnect.amazonaws.com");
        assertThat(statement(deployer, "LogDelivery").get("Action")).extracting(JsonNode::asText).contains("logs:CreateLogDelivery");
        assertThat(docs.resolve("trust-policy.json")).exists();
        assertThat(bed.api.calls()).isEmpty();
    }

    @Test
    void withoutIamAuthenticationTheRoleGetsNoKafkaPermissions() throws IOException {
        Path pipeline = TestBed.write(dir, TestBed.awsYaml("clientAuthentication: IAM", "clientAuthentication: NONE", ":9098", ":9094"));

        assertThat(run("iam-policy", "--pipeline", pipeline.toString(), "--env", "aws", "--document", "execution")).isZero();

        assertThat(out.toString()).doesNotContain("kafka-cluster:").contains("s3:PutObject");
    }

    /**
     * The emulator environment through the whole command path (endpoints.json of a running 'up', the SDK's own
     * clients): plan, apply, status, a second apply, destroy; the database password and the S3 secret key go to
     * MSK Connect in the connector configuration, and appear in no output or log line.
     */
    @Test
    void theEmulatorEnvironmentRoundTripsAndNoSecretAppearsInAnyOutput() throws IOException {
        String dbPassword = "pg-Secret-7731";
        Path dataDir = dir.resolve("data");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        new Endpoints(new Endpoints.Postgres("127.0.0.1", closedPort, "devdb", "postgres", dbPassword),
                new Endpoints.Kafka("127.0.0.1:9092"), null,
                localS3(), new Endpoints.MskConnect(bed.api.endpoint().toString(), localS3())).write(dataDir);
        String[] common = {"--pipeline", Path.of("..", "pipelines", "northwind-orders.yaml").toString(), "--env", "emulator",
                "--data-dir", dataDir.toString(), "--work-dir", bed.workDir.toString()};
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<Integer> exits = new ArrayList<>();
        try {
            DeployCommand sdkClients = new DeployCommand();
            exits.add(run(sdkClients, concat("plan", common)));
            assertThat(out.toString()).contains("Plan: 5 to create", "database.password = ******", "connect.s3.aws.secret.key = ******");
            exits.add(run(sdkClients, concat("apply", common)));
            assertThat(out.toString()).contains("5 change(s) applied; both connectors are RUNNING.");
            exits.add(run(sdkClients, concat("status", common)));
            assertThat(out.toString()).contains("northwind-orders-source: RUNNING, 1 worker(s) x 1 MCU");
            exits.add(run(sdkClients, concat("apply", common)));
            assertThat(out.toString()).contains("Nothing to change: MSK Connect matches");
            exits.add(run(sdkClients, concat("destroy", common)));
            assertThat(out.toString()).contains("Deleted 5 resource(s) of pipeline northwind-orders");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(exits).as("stderr: %s", err).containsOnly(0);
        var created = bed.api.calls().stream().filter(c -> c.operation().equals("CreateConnector")).toList();
        assertThat(created.get(0).body().get("connectorConfiguration").get("database.password").asText())
                .as("the password reached MSK Connect, so the outputs had it to leak").isEqualTo(dbPassword);
        assertThat(created.get(1).body().get("connectorConfiguration").get("connect.s3.aws.secret.key").asText())
                .isEqualTo(bed.s3Server.secretKey());
        String everything = out + "\n" + err + "\n" + String.join("\n", bed.progress) + "\n"
                + logs.list.stream().map(e -> e.getFormattedMessage() + " " + e.getThrowableProxy()).reduce("", String::concat);
        assertThat(everything).doesNotContain(dbPassword).doesNotContain(bed.s3Server.secretKey());
    }

    private Endpoints.S3 localS3() {
        return new Endpoints.S3(bed.s3Server.endpoint().toString(), TestBed.REGION, bed.s3Server.accessKey(),
                bed.s3Server.secretKey(), "data-lake-demo-cevo");
    }

    /** An external database's password (PGPASSWORD) would land in the emulator's state files: refused, nothing sent. */
    @Test
    void theEmulatorOfARuntimeOnAnExternalDatabaseIsNotGivenItsPassword() throws IOException {
        Path dataDir = dir.resolve("data");
        new Endpoints(new Endpoints.Postgres("db.example.internal", 5432, "devdb", "cdc", null),
                new Endpoints.Kafka("127.0.0.1:9092"), null,
                localS3(), new Endpoints.MskConnect(bed.api.endpoint().toString(), localS3())).write(dataDir);
        String[] common = {"--pipeline", Path.of("..", "pipelines", "northwind-orders.yaml").toString(), "--env", "emulator",
                "--data-dir", dataDir.toString(), "--work-dir", bed.workDir.toString()};
        DeployCommand withPassword = new DeployCommand(bed.clients(), name -> name.equals("PGPASSWORD") ? "ext-Secret-4410" : null);

        assertThat(run(withPassword, concat("apply", common))).isEqualTo(2);
        assertThat(err.toString()).contains("--env emulator would store the external database's password (PGPASSWORD)"
                + " in the emulator's files").doesNotContain("ext-Secret-4410");
        assertThat(bed.api.calls()).as("nothing reached the emulator").isEmpty();
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.get("Statement")) {
            if (s.get("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static String[] concat(String verb, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = verb;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
