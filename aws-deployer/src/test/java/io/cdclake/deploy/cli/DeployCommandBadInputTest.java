package io.cdclake.deploy.cli;

import io.cdclake.deploy.MskConnectDeployer;
import io.cdclake.deploy.PluginZips;
import io.cdclake.deploy.TestBed;
import io.cdclake.deploy.plugin.Digests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad inputs given to {@code deploy apply}: each is refused before any call that changes anything (no MSK Connect
 * write, no upload), with its own message naming the field and the fix, and exit code 1.
 */
class DeployCommandBadInputTest {

    private static final String LENSES_CLASS = "connectorClass: io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector";
    private static final String BUILTIN_CLASS = "connectorClass: io.cdclake.s3sink.S3SinkConnector";
    private static final String AWS_PLUGIN = "sink: {kind: builtin}";
    private static final String ROLE = "arn:aws:iam::123456789012:role/cdc-lake-connect";
    private static final String BROKERS = "b-1.cdc.kafka.ap-southeast-2.amazonaws.com:9098,b-2.cdc.kafka.ap-southeast-2.amazonaws.com:9098";
    private static final String CLUSTER_ARN_LINE = "encryptionInTransit: TLS\n        clusterArn: " + TestBed.CLUSTER_ARN;

    @TempDir
    Path dir;

    TestBed bed;

    @BeforeEach
    void start() throws IOException {
        bed = new TestBed(dir);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    /** A bad input: how to make the pipeline file from the reference one, and what the refusal must say. */
    record BadInput(String name, String env, Setup setup, String expected) {
        BadInput(String name, Setup setup, String expected) {
            this(name, "aws", setup, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Setup {
        /** Returns the pipeline file's text. */
        String prepare(Path dir, TestBed bed) throws IOException;
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                edit("an MCU count MSK Connect does not offer", "provisioned: {mcuCount: 1, workerCount: 1}",
                        "provisioned: {mcuCount: 3, workerCount: 1}",
                        "environments.aws.msk.capacity.provisioned.mcuCount: is not an MCU count MSK Connect offers (value: 3). Fix: use 1, 2, 4 or 8"),
                edit("11 workers", "provisioned: {mcuCount: 1, workerCount: 1}", "provisioned: {mcuCount: 1, workerCount: 11}",
                        "environments.aws.msk.capacity.provisioned.workerCount: is out of range (value: 11). Fix: use 1 to 10 workers"),
                edit("IAM with PLAINTEXT", "encryptionInTransit: TLS", "encryptionInTransit: PLAINTEXT",
                        "environments.aws.msk.cluster.encryptionInTransit: cannot carry IAM authentication"),
                edit("a malformed role ARN", ROLE, "arn:aws:iam::12345:role/cdc-lake-connect",
                        "environments.aws.msk.serviceExecutionRoleArn: is not an IAM role ARN (value: arn:aws:iam::12345:role/cdc-lake-connect)"),
                edit("missing subnets", "subnets: [subnet-0a1b2c3d4e5f60718, subnet-0a1b2c3d4e5f60719]", "subnets: []",
                        "environments.aws.msk.cluster.subnets: missing or empty"),
                edit("IAM on the plaintext port", BROKERS, BROKERS.replace("9098", "9092"),
                        "environments.aws.msk.cluster.bootstrapServers: uses port 9092 with IAM authentication"),
                edit("TLS without IAM on the plaintext port", "clientAuthentication: IAM", "clientAuthentication: NONE",
                        "9098 is MSK's IAM listener, but the connector uses NONE authentication with TLS encryption, which MSK serves on port 9094"),
                edit("autoscaling with its minimum above its maximum", "provisioned: {mcuCount: 1, workerCount: 1}\n      kafkaConnectVersion: 3.7.x\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "autoscaling: {mcuCount: 2, minWorkerCount: 4, maxWorkerCount: 2, scaleInCpuPercentage: 20, scaleOutCpuPercentage: 80}\n      kafkaConnectVersion: 3.7.x\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "environments.aws.msk.capacity.autoscaling.minWorkerCount: is above maxWorkerCount (2)"),
                edit("autoscaling that scales in above where it scales out", "provisioned: {mcuCount: 1, workerCount: 1}\n      kafkaConnectVersion: 3.7.x\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "autoscaling: {mcuCount: 1, minWorkerCount: 1, maxWorkerCount: 4, scaleInCpuPercentage: 90, scaleOutCpuPercentage: 80}\n      kafkaConnectVersion: 3.7.x\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "environments.aws.msk.capacity.autoscaling.scaleInCpuPercentage: is not below scaleOutCpuPercentage (80)"),
                edit("a Kafka Connect version MSK Connect does not run", "kafkaConnectVersion: 3.7.x\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "kafkaConnectVersion: 3.6.0\n      serviceExecutionRoleArn: arn:aws:iam::1",
                        "environments.aws.msk.kafkaConnectVersion: is not a version MSK Connect runs (value: 3.6.0)"),
                edit("a malformed cluster ARN", "encryptionInTransit: TLS", "encryptionInTransit: TLS\n        clusterArn: arn:aws:kafka:ap-southeast-2:123:cluster/x",
                        "environments.aws.msk.cluster.clusterArn: is not an MSK cluster ARN"),
                edit("a malformed secret ARN", "arn:aws:secretsmanager:ap-southeast-2:123456789012:", "arn:aws:secretsmanager:ap-southeast-2:12345:",
                        "environments.aws.database.password: holds a malformed Secrets Manager ARN"),
                edit("a password written inline", "password: ${secretsmanager:arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:northwind-db-AbCdEf:password}",
                        "password: Hunter2-plain-Secret", "environments.aws.database.password: is written inline; on AWS it must be a reference (value: ******)"),
                edit("a plugin bucket that does not exist", "pluginBucket: {bucket: " + TestBed.PLUGIN_BUCKET, "pluginBucket: {bucket: cdclake-plugins-missing",
                        "environments.aws.msk.pluginBucket.bucket: the plugin bucket cdclake-plugins-missing does not exist. Fix: create it first"),
                new BadInput("placeholders left in the file", (d, b) -> Files.readString(Path.of("..", "pipelines", "northwind-orders.yaml")),
                        "environments.aws.msk.cluster.subnets[0]: is a placeholder (value: <your-private-subnet-id-1>)"),
                new BadInput("kafka.t3.small brokers with IAM", (d, b) -> {
                    b.api.cluster("kafka.t3.small", true);
                    return TestBed.awsYaml("encryptionInTransit: TLS", CLUSTER_ARN_LINE);
                }, "the cluster's brokers are kafka.t3.small, whose IAM connection-rate limit makes MSK Connect's workers fail authentication"),
                new BadInput("IAM not enabled on the cluster", (d, b) -> {
                    b.api.cluster("kafka.m5.large", false);
                    return TestBed.awsYaml("encryptionInTransit: TLS", CLUSTER_ARN_LINE);
                }, "IAM authentication is not enabled on the cluster"),
                new BadInput("a plugin file whose checksum does not match", (d, b) -> {
                    Path zip = PluginZips.zip(d.resolve("lenses.zip"), "", PluginZips.LENSES_CONNECTOR, 55);
                    return TestBed.awsYaml(BUILTIN_CLASS, LENSES_CLASS, AWS_PLUGIN, lenses(zip, "f00d".repeat(16)));
                }, "not the " + "f00d".repeat(16) + " the pipeline declares"),
                new BadInput("a plugin zip with its jars in a directory", (d, b) -> {
                    Path zip = PluginZips.zip(d.resolve("lenses.zip"), "kafka-connect-aws-s3/", PluginZips.LENSES_CONNECTOR, 55);
                    return TestBed.awsYaml(BUILTIN_CLASS, LENSES_CLASS, AWS_PLUGIN, lenses(zip, Digests.sha256(zip)));
                }, "lenses.zip has no jars at its root; they are under kafka-connect-aws-s3/, and MSK Connect needs the plugin's contents at the root of the zip"),
                new BadInput("a plugin zip without the connector class", (d, b) -> {
                    Path zip = PluginZips.zip(d.resolve("lenses.zip"), "", "io.lenses.Other", 55);
                    return TestBed.awsYaml(BUILTIN_CLASS, LENSES_CLASS, AWS_PLUGIN, lenses(zip, Digests.sha256(zip)));
                }, "lenses.zip does not contain the connector class io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector"),
                new BadInput("a current Lenses plugin for the article's Lenses 3 KCQL", (d, b) -> {
                    Path zip = PluginZips.zip(d.resolve("lenses.zip"), "", PluginZips.LENSES_CONNECTOR, 55, "9.0.2");
                    return TestBed.awsYaml(BUILTIN_CLASS, LENSES_CLASS, AWS_PLUGIN, lenses(zip, Digests.sha256(zip)),
                            "compatibility: lenses-9", "compatibility: lenses-3");
                }, "lenses.zip is Lenses stream-reactor 9.0.2, which refuses the WITH_FLUSH_* KCQL of sink.compatibility"
                        + " lenses-3 (replaced by PROPERTIES in 7.0). Fix: set sink.compatibility: lenses-9"),
                new BadInput("a Lenses 4 plugin for current Lenses KCQL", (d, b) -> {
                    Path zip = PluginZips.zip(d.resolve("lenses.zip"), "", PluginZips.LENSES_CONNECTOR, 52, "4.2.0");
                    return TestBed.awsYaml(BUILTIN_CLASS, LENSES_CLASS, AWS_PLUGIN, lenses(zip, Digests.sha256(zip)));
                }, "lenses.zip is Lenses stream-reactor 4.2.0, which does not read the PROPERTIES('flush.*') KCQL of"
                        + " sink.compatibility lenses-9"),
                new BadInput("a role in another account than the credentials'", (d, b) -> {
                    b.api.callerAccount("210987654321");
                    return TestBed.awsYaml();
                }, "the role is in account 123456789012 but the credentials are account 210987654321's"),
                new BadInput("a connector name another pipeline owns", (d, b) -> {
                    b.api.createForeignConnector("northwind-orders-source", Map.of(MskConnectDeployer.OWNER_TAG, "inventory"));
                    return TestBed.awsYaml();
                }, "connector northwind-orders-source: a connector of that name exists"),
                new BadInput("a local environment", "local", (d, b) -> TestBed.awsYaml(),
                        "environments.local: is a local environment, which runs through the Kafka Connect REST API, not MSK Connect"));
    }

    private static BadInput edit(String name, String from, String to, String expected) {
        return new BadInput(name, (d, b) -> TestBed.awsYaml(from, to), expected);
    }

    private static String lenses(Path zip, String sha256) {
        return "sink: {kind: lenses, file: " + zip + ", sha256: " + sha256 + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefusedBeforeAnyChangeWithItsOwnMessage(BadInput input) throws IOException {
        Path pipeline = TestBed.write(dir, input.setup().prepare(dir, bed));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = DeployCommand.commandLine(new DeployCommand(bed.clients()));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));

        int exit = cmd.execute("apply", "--pipeline", pipeline.toString(), "--env", input.env(), "--work-dir", bed.workDir.toString());

        assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains(input.expected());
        assertThat(bed.api.mutatingCalls()).as("calls that change anything").isEmpty();
        assertThat(bed.pluginObjects()).as("uploads").isEmpty();
        assertThat(out + err.toString()).doesNotContain("Hunter2-plain-Secret");
    }
}
