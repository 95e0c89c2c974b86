package io.cdclake.mskemulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.BadRequestException;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginContentType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterClientAuthenticationType;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS's validation rules for connectors, each broken once in an otherwise valid CreateConnector, and the errors the
 * SDK turns into its exception classes. Nothing gets far enough to start a worker group.
 */
class ConnectorValidationTest {

    /** Nothing listens there: plugin files cannot be read. */
    private static final URI UNREACHABLE_S3 = URI.create("http://127.0.0.1:9");
    private static final String MISSING_PLUGIN =
            "arn:aws:kafkaconnect:eu-west-1:000000000000:custom-plugin/none/00000000-0000-0000-0000-000000000000";
    private static final String MISSING_CONNECTOR =
            "arn:aws:kafkaconnect:eu-west-1:000000000000:connector/none/00000000-0000-0000-0000-000000000000";

    @TempDir
    static Path data;
    static MskConnectEmulator emulator;
    static KafkaConnectClient client;

    @BeforeAll
    static void start() {
        emulator = TestClients.emulator(data, UNREACHABLE_S3).start();
        client = TestClients.kafkaConnect(emulator);
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    /** A CreateConnector AWS would accept, but for the plugin, which does not exist. */
    private static CreateConnectorRequest valid(UnaryOperator<CreateConnectorRequest.Builder> change) {
        CreateConnectorRequest.Builder request = TestClients.connector("valid", MISSING_PLUGIN, "localhost:9092",
                Map.of("connector.class", "FileStreamSource", "topic", "t", "file", "/tmp/f"));
        return change.apply(request).build();
    }

    private static void assertBadRequest(UnaryOperator<CreateConnectorRequest.Builder> change, String... messageParts) {
        assertThatThrownBy(() -> client.createConnector(valid(change)))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).statusCode()).isEqualTo(400))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void capacityFollowsAwsRules() {
        assertBadRequest(r -> r.capacity(c -> c.provisionedCapacity(p -> p.mcuCount(3).workerCount(1))),
                "capacity.provisionedCapacity.mcuCount 3", "1, 2, 4 or 8");
        assertBadRequest(r -> r.capacity(c -> c.provisionedCapacity(p -> p.mcuCount(1).workerCount(11))),
                "capacity.provisionedCapacity.workerCount 11", "1 to 10");
        assertBadRequest(r -> r.capacity(c -> c.provisionedCapacity(p -> p.mcuCount(1).workerCount(0))),
                "workerCount 0");
        assertBadRequest(r -> r.capacity(c -> c
                        .autoScaling(a -> a.mcuCount(2).minWorkerCount(4).maxWorkerCount(2))),
                "minWorkerCount 4 is greater than maxWorkerCount 2");
        assertBadRequest(r -> r.capacity(c -> c
                        .autoScaling(a -> a.mcuCount(2).minWorkerCount(1).maxWorkerCount(2)
                                .scaleOutPolicy(p -> p.cpuUtilizationPercentage(101)))),
                "scaleOutPolicy.cpuUtilizationPercentage 101");
        assertBadRequest(r -> r.capacity(c -> c
                        .autoScaling(a -> a.mcuCount(1).minWorkerCount(1).maxWorkerCount(2))
                        .provisionedCapacity(p -> p.mcuCount(1).workerCount(1))),
                "exactly one of autoScaling and provisionedCapacity", "both");
        assertBadRequest(r -> r.capacity(c -> { }), "exactly one", "neither");
    }

    @Test
    void namesVersionsAndArnsFollowAwsRules() {
        assertBadRequest(r -> r.connectorName("n".repeat(129)), "connectorName", "1 to 128 characters");
        assertBadRequest(r -> r.connectorName(null), "connectorName is required");
        assertBadRequest(r -> r.kafkaConnectVersion("3.8.0"), "kafkaConnectVersion '3.8.0'", "2.7.1", "3.7.x");
        assertBadRequest(r -> r.serviceExecutionRoleArn("my-role"), "serviceExecutionRoleArn 'my-role'");
        assertBadRequest(r -> r.connectorDescription("d".repeat(1025)), "connectorDescription is too long");
        assertBadRequest(r -> r.plugins(p -> p.customPlugin(c -> c.customPluginArn("plugin").revision(1L))),
                "plugins[0].customPlugin.customPluginArn 'plugin'");
    }

    @Test
    void clusterSettingsFollowAwsRules() {
        assertBadRequest(r -> r.kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers("localhost")
                        .vpc(v -> v.subnets("subnet-1")))),
                "bootstrapServers 'localhost'", "host:port");
        assertBadRequest(r -> r.kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers("localhost:9092"))),
                "kafkaCluster.apacheKafkaCluster.vpc is required");
        assertBadRequest(r -> r.kafkaClusterClientAuthentication(a -> a.authenticationType(KafkaClusterClientAuthenticationType.IAM)),
                "IAM requires kafkaClusterEncryptionInTransit TLS");
        assertBadRequest(r -> r.kafkaClusterEncryptionInTransit(e -> e.encryptionType("SSL")),
                "encryptionType 'SSL'", "PLAINTEXT", "TLS");
        assertBadRequest(r -> r.connectorConfiguration(Map.of("topic", "t")), "'connector.class' is required");
        assertBadRequest(r -> r.logDelivery(l -> l.workerLogDelivery(w -> w.cloudWatchLogs(c -> c.enabled(true)))),
                "cloudWatchLogs.logGroup is required");
    }

    @Test
    void pluginsMustExistBeActiveAndBeOne() {
        assertThatThrownBy(() -> client.createConnector(valid(r -> r)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(MISSING_PLUGIN);
        assertBadRequest(r -> r.plugins(p -> p.customPlugin(c -> c.customPluginArn(MISSING_PLUGIN).revision(1L)),
                p -> p.customPlugin(c -> c.customPluginArn(MISSING_PLUGIN).revision(1L))), "exactly one custom plugin");

        String unreadable = client.createCustomPlugin(r -> r.name("unreadable").contentType(CustomPluginContentType.ZIP)
                .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::plugins").fileKey("p.zip")))).customPluginArn();
        DescribeCustomPluginResponse failed = TestClients.awaitPluginSettled(client, unreadable);
        assertThat(failed.customPluginState()).isEqualTo(CustomPluginState.CREATE_FAILED);
        assertThat(failed.stateDescription().code()).isEqualTo("S3_ACCESS_FAILED");
        assertThat(failed.stateDescription().message()).contains("s3://plugins/p.zip");

        assertBadRequest(r -> r.plugins(p -> p.customPlugin(c -> c.customPluginArn(unreadable).revision(1L))),
                "'unreadable' is CREATE_FAILED");
        assertThatThrownBy(() -> client.createConnector(valid(r -> r.plugins(p -> p.customPlugin(c -> c.customPluginArn(unreadable).revision(2L))))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Revision 2");
        assertThat(client.listConnectors(r -> { }).connectors()).isEmpty();
    }

    @Test
    void unknownResourcesAreNotFound() {
        assertThatThrownBy(() -> client.describeConnector(r -> r.connectorArn(MISSING_CONNECTOR)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(MISSING_CONNECTOR);
        assertThatThrownBy(() -> client.deleteConnector(r -> r.connectorArn(MISSING_CONNECTOR)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.updateConnector(r -> r.connectorArn(MISSING_CONNECTOR).currentVersion("V")
                .connectorConfiguration(Map.of("connector.class", "X"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.listConnectorOperations(r -> r.connectorArn(MISSING_CONNECTOR)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.describeConnectorOperation(r -> r.connectorOperationArn(
                "arn:aws:kafkaconnect:eu-west-1:000000000000:connector-operation/none/0/0")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.describeCustomPlugin(r -> r.customPluginArn(MISSING_PLUGIN)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.deleteCustomPlugin(r -> r.customPluginArn(MISSING_PLUGIN)))
                .isInstanceOf(NotFoundException.class);
    }
}
