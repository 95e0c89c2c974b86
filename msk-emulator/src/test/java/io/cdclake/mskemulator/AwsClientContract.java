package io.cdclake.mskemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.KafkaBroker;
import io.cdclake.embedded.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every operation of the current MSK Connect model, driven by one of AWS's own clients (the AWS CLI, the AWS SDK for
 * JavaScript v3) against a running emulator with a real Kafka broker, S3 server and Connect worker groups. The
 * inputs are the service model's members, which both clients take as they are (the CLI as {@code --cli-input-json}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AwsClientContract {

    /** All 21 operations of the model (AWS SDK for JavaScript v3 3.1169). */
    static final Set<String> OPERATIONS = Set.of("CreateCustomPlugin", "DescribeCustomPlugin", "ListCustomPlugins",
            "DeleteCustomPlugin", "CreateWorkerConfiguration", "DescribeWorkerConfiguration", "ListWorkerConfigurations",
            "DeleteWorkerConfiguration", "CreateConnector", "DescribeConnector", "ListConnectors", "UpdateConnector",
            "DeleteConnector", "ListConnectorOperations", "DescribeConnectorOperation", "PauseConnector",
            "ResumeConnector", "RestartConnector", "TagResource", "UntagResource", "ListTagsForResource");
    private static final String BUCKET = "client-plugins";
    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final Duration SETTLE = Duration.ofSeconds(120);

    /** What the client answered with an error: the exception type (as AWS names it) and its message. */
    static final class ClientError extends RuntimeException {
        final String type;

        ClientError(String type, String message) {
            super(type + ": " + message);
            this.type = type;
        }
    }

    Path data;
    KafkaBroker kafka;
    S3Server s3Server;
    MskConnectEmulator emulator;
    final ObjectMapper json = new ObjectMapper();
    private final Set<String> called = new TreeSet<>();

    /** Installs or finds the client; aborts the tests (a visible skip) with the reason when it cannot. */
    abstract void requireClient(Path workDirectory);

    /** Runs one operation with the client, with these credentials; returns its output or throws {@link ClientError}. */
    abstract JsonNode call(String operation, Map<String, Object> input, String accessKey, String secretKey);

    JsonNode call(String operation, Map<String, Object> input) {
        called.add(operation);
        return call(operation, input, TestClients.ACCESS_KEY, TestClients.SECRET_KEY);
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        data = directory;
        requireClient(data.resolve("client"));
        kafka = KafkaBroker.builder().dataDirectory(data.resolve("kafka")).start();
        s3Server = S3Server.builder().dataDirectory(data.resolve("s3")).accessKey(TestClients.ACCESS_KEY)
                .secretKey(TestClients.SECRET_KEY).region(TestClients.REGION).start();
        try (S3Client s3 = TestClients.s3(s3Server.endpoint())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            TestClients.upload(s3, BUCKET, "connect-file.zip", TestClients.connectFileZip());
        }
        emulator = TestClients.emulator(data.resolve("msk"), s3Server.endpoint()).start();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {emulator, s3Server, kafka}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void everyOperationAnswersAsTheServiceDoes() throws Exception {
        // custom plugin: CREATING -> ACTIVE
        JsonNode plugin = call("CreateCustomPlugin", Map.of("name", "client-file", "contentType", "ZIP",
                "location", Map.of("s3Location", Map.of("bucketArn", "arn:aws:s3:::" + BUCKET, "fileKey", "connect-file.zip"))));
        String pluginArn = plugin.get("customPluginArn").asText();
        assertThat(plugin.get("customPluginState").asText()).isEqualTo("CREATING");
        JsonNode activePlugin = awaitOutput("DescribeCustomPlugin", Map.of("customPluginArn", pluginArn),
                d -> !d.get("customPluginState").asText().equals("CREATING"));
        assertThat(activePlugin.get("customPluginState").asText()).isEqualTo("ACTIVE");
        assertThat(activePlugin.at("/latestRevision/revision").asLong()).isEqualTo(1);
        assertThat(activePlugin.at("/latestRevision/fileDescription/fileMd5").asText()).hasSize(32);
        assertThat(call("ListCustomPlugins", Map.of("namePrefix", "client-")).get("customPlugins"))
                .extracting(p -> p.get("customPluginArn").asText()).containsExactly(pluginArn);

        // worker configuration
        String properties = "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                + "value.converter=org.apache.kafka.connect.json.JsonConverter\n";
        String workersArn = call("CreateWorkerConfiguration", Map.of("name", "client-json",
                "propertiesFileContent", base64(properties))).get("workerConfigurationArn").asText();
        assertThat(new String(Base64.getDecoder().decode(call("DescribeWorkerConfiguration",
                Map.of("workerConfigurationArn", workersArn)).at("/latestRevision/propertiesFileContent").asText()),
                StandardCharsets.UTF_8)).isEqualTo(properties);
        assertThat(call("ListWorkerConfigurations", Map.of("namePrefix", "client-")).get("workerConfigurations"))
                .extracting(w -> w.get("workerConfigurationArn").asText()).containsExactly(workersArn);
        assertThatThrownBy(() -> call("CreateWorkerConfiguration", Map.of("name", "client-json",
                "propertiesFileContent", base64(properties))))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("ConflictException"));

        // connector: autoscaled (tasks.max set by MSK Connect), dual-stack, on the worker configuration
        Path input = Files.writeString(data.resolve("lines.txt"), "alpha\n");
        Map<String, Object> create = connector("client-source", pluginArn, Map.of("connector.class", SOURCE,
                "tasks.max", "1", "file", input.toString(), "topic", "client-lines"));
        create.put("capacity", Map.of("autoScaling", Map.of("minWorkerCount", 1, "maxWorkerCount", 2, "mcuCount", 2,
                "maxAutoscalingTaskCount", 3, "scaleInPolicy", Map.of("cpuUtilizationPercentage", 25),
                "scaleOutPolicy", Map.of("cpuUtilizationPercentage", 75))));
        create.put("networkType", "DUAL");
        create.put("workerConfiguration", Map.of("workerConfigurationArn", workersArn, "revision", 1));
        create.put("tags", Map.of("team", "data"));
        JsonNode created = call("CreateConnector", create);
        String arn = created.get("connectorArn").asText();
        assertThat(created.get("connectorState").asText()).isEqualTo("CREATING");
        JsonNode running = awaitState(arn, "RUNNING");
        assertThat(running.get("networkType").asText()).isEqualTo("DUAL");
        assertThat(running.at("/capacity/autoScaling/maxAutoscalingTaskCount").asInt()).isEqualTo(3);
        assertThat(running.at("/workerConfiguration/workerConfigurationArn").asText()).isEqualTo(workersArn);
        ConnectRestClient group = workerGroup("client-source", arn);
        // 1 worker x 2 MCUs x 2 tasks = 4, capped by maxAutoscalingTaskCount
        assertThat(group.config("client-source").orElseThrow()).containsEntry("tasks.max", "3");
        assertThat(call("ListConnectors", Map.of("connectorNamePrefix", "client-")).get("connectors"))
                .singleElement().satisfies(c -> assertThat(c.get("connectorState").asText()).isEqualTo("RUNNING"));

        // tags
        call("TagResource", Map.of("resourceArn", arn, "tags", Map.of("stage", "test")));
        call("UntagResource", Map.of("resourceArn", arn, "tagKeys", List.of("team")));
        assertThat(json.convertValue(call("ListTagsForResource", Map.of("resourceArn", arn)).get("tags"), Map.class))
                .isEqualTo(Map.of("stage", "test"));

        // pause and resume, through Connect's own pause and resume on the worker group
        JsonNode pause = call("PauseConnector", Map.of("connectorArn", arn));
        assertThat(pause.get("connectorArn").asText()).isEqualTo(arn);
        awaitState(arn, "PAUSED");
        assertThat(group.status("client-source").orElseThrow().connector().state()).isEqualTo("PAUSED");
        assertOperation(pause.get("connectorOperationArn").asText(), "PAUSE_CONNECTOR", "PAUSE_COMPLETE");
        assertThatThrownBy(() -> call("PauseConnector", Map.of("connectorArn", arn)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("ConflictException"))
                .hasMessageContaining("is PAUSED");
        JsonNode resume = call("ResumeConnector", Map.of("connectorArn", arn));
        awaitState(arn, "RUNNING");
        assertThat(group.status("client-source").orElseThrow().running()).isTrue();
        assertOperation(resume.get("connectorOperationArn").asText(), "RESUME_CONNECTOR", "RESUME_COMPLETE");
        assertThatThrownBy(() -> call("ResumeConnector", Map.of("connectorArn", arn)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("ConflictException"));

        // restart, through Connect's restart API
        JsonNode restart = call("RestartConnector", Map.of("connectorArn", arn, "onlyFailedTasks", false));
        awaitState(arn, "RUNNING");
        assertOperation(restart.get("connectorOperationArn").asText(), "RESTART_CONNECTOR", "RESTART_COMPLETE");

        // update the worker setting: back to MSK Connect's default worker configuration (the group restarts on it)
        String version = call("DescribeConnector", Map.of("connectorArn", arn)).get("currentVersion").asText();
        assertThatThrownBy(() -> call("UpdateConnector", Map.of("connectorArn", arn, "currentVersion", version,
                "useDefaultWorkerConfiguration", true, "connectorConfiguration", Map.of("connector.class", SOURCE))))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("BadRequestException"))
                .hasMessageContaining("one change at a time");
        JsonNode toDefault = call("UpdateConnector", Map.of("connectorArn", arn, "currentVersion", version,
                "useDefaultWorkerConfiguration", true));
        assertThat(toDefault.get("connectorState").asText()).isEqualTo("UPDATING");
        JsonNode onDefault = awaitState(arn, "RUNNING");
        assertThat(onDefault.has("workerConfiguration")).isFalse();
        assertThat(onDefault.get("currentVersion").asText()).isNotEqualTo(version);
        JsonNode workerUpdate = assertOperation(toDefault.get("connectorOperationArn").asText(),
                "UPDATE_WORKER_SETTING", "UPDATE_COMPLETE");
        assertThat(workerUpdate.at("/targetWorkerSetting/useDefaultWorkerConfiguration").asBoolean()).isTrue();
        assertThat(workerUpdate.at("/originWorkerSetting/workerConfiguration/workerConfigurationArn").asText()).isEqualTo(workersArn);

        // update the connector configuration
        JsonNode reconfigure = call("UpdateConnector", Map.of("connectorArn", arn,
                "currentVersion", onDefault.get("currentVersion").asText(), "connectorConfiguration",
                Map.of("connector.class", SOURCE, "tasks.max", "1", "file", input.toString(), "topic", "client-lines-2")));
        assertThat(awaitState(arn, "RUNNING").at("/connectorConfiguration/topic").asText()).isEqualTo("client-lines-2");
        assertOperation(reconfigure.get("connectorOperationArn").asText(), "UPDATE_CONNECTOR_CONFIGURATION", "UPDATE_COMPLETE");
        assertThat(call("ListConnectorOperations", Map.of("connectorArn", arn)).get("connectorOperations"))
                .as("newest first").extracting(o -> o.get("connectorOperationType").asText())
                .containsExactly("UPDATE_CONNECTOR_CONFIGURATION", "UPDATE_WORKER_SETTING", "RESTART_CONNECTOR",
                        "RESUME_CONNECTOR", "PAUSE_CONNECTOR");

        // delete everything
        assertThat(call("DeleteConnector", Map.of("connectorArn", arn)).get("connectorState").asText()).isEqualTo("DELETING");
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThatThrownBy(
                () -> call("DescribeConnector", Map.of("connectorArn", arn)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("NotFoundException")));
        assertThat(call("DeleteWorkerConfiguration", Map.of("workerConfigurationArn", workersArn))
                .get("workerConfigurationState").asText()).isEqualTo("DELETING");
        assertThat(call("DeleteCustomPlugin", Map.of("customPluginArn", pluginArn)).get("customPluginState").asText())
                .isEqualTo("DELETING");

        assertThat(called).as("every operation of the model was called").isEqualTo(new TreeSet<>(OPERATIONS));
    }

    @Test
    void badInputsGetAwsExceptionTypes() {
        String unknown = "arn:aws:kafkaconnect:" + TestClients.REGION + ":000000000000:connector/none/0b7e3f1c-1111-2222-3333-444455556666";
        String plugin = "arn:aws:kafkaconnect:" + TestClients.REGION + ":000000000000:custom-plugin/none/0b7e3f1c-1111-2222-3333-444455556666";
        Map<String, Object> badMcu = connector("bad-mcu", plugin, Map.of("connector.class", SOURCE));
        badMcu.put("capacity", Map.of("provisionedCapacity", Map.of("mcuCount", 3, "workerCount", 1)));
        Map<String, Object> badTasks = connector("bad-tasks", plugin, Map.of("connector.class", SOURCE));
        badTasks.put("capacity", Map.of("autoScaling", Map.of("minWorkerCount", 1, "maxWorkerCount", 4, "mcuCount", 1,
                "maxAutoscalingTaskCount", 2)));
        Map<String, Object> badNetwork = connector("bad-network", plugin, Map.of("connector.class", SOURCE));
        badNetwork.put("networkType", "IPV6");

        assertRefused("CreateConnector", badMcu, "BadRequestException", "mcuCount 3");
        assertRefused("CreateConnector", badTasks, "BadRequestException", "maxAutoscalingTaskCount 2 is less than maxWorkerCount 4");
        assertRefused("CreateConnector", badNetwork, "BadRequestException", "networkType 'IPV6'");
        assertRefused("CreateConnector", connector("no-plugin", plugin, Map.of("connector.class", SOURCE)),
                "NotFoundException", plugin);
        assertRefused("DescribeConnector", Map.of("connectorArn", unknown), "NotFoundException", unknown);
        assertRefused("PauseConnector", Map.of("connectorArn", unknown), "NotFoundException", unknown);
        assertRefused("RestartConnector", Map.of("connectorArn", unknown), "NotFoundException", unknown);
        assertRefused("CreateWorkerConfiguration", Map.of("name", "bad-properties", "propertiesFileContent", "not base64!"),
                "BadRequestException", "propertiesFileContent");
        assertRefused("ListConnectors", Map.of("nextToken", "not-a-token"), "BadRequestException", "nextToken");
    }

    @Test
    void aWrongSecretKeyIsRefused() {
        assertThatThrownBy(() -> call("ListConnectors", Map.of(), TestClients.ACCESS_KEY, "not-the-secret"))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("InvalidSignatureException"))
                .hasMessageContaining("signature we calculated does not match");
        assertThatThrownBy(() -> call("ListConnectors", Map.of(), "AKIASOMEONEELSE", TestClients.SECRET_KEY))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo("UnrecognizedClientException"));
    }

    private void assertRefused(String operation, Map<String, Object> input, String type, String messagePart) {
        assertThatThrownBy(() -> call(operation, input)).as(operation + " " + input)
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.type).isEqualTo(type))
                .hasMessageContaining(messagePart);
    }

    private Map<String, Object> connector(String name, String pluginArn, Map<String, String> configuration) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("connectorName", name);
        input.put("connectorConfiguration", configuration);
        input.put("capacity", Map.of("provisionedCapacity", Map.of("mcuCount", 1, "workerCount", 1)));
        input.put("kafkaCluster", Map.of("apacheKafkaCluster", Map.of("bootstrapServers", kafka.bootstrapServers(),
                "vpc", Map.of("subnets", List.of("subnet-1"), "securityGroups", List.of("sg-1")))));
        input.put("kafkaClusterClientAuthentication", Map.of("authenticationType", "NONE"));
        input.put("kafkaClusterEncryptionInTransit", Map.of("encryptionType", "PLAINTEXT"));
        input.put("kafkaConnectVersion", "3.7.x");
        input.put("plugins", List.of(Map.of("customPlugin", Map.of("customPluginArn", pluginArn, "revision", 1))));
        input.put("serviceExecutionRoleArn", TestClients.ROLE_ARN);
        return input;
    }

    private JsonNode awaitState(String arn, String state) {
        return awaitOutput("DescribeConnector", Map.of("connectorArn", arn), d -> {
            String now = d.get("connectorState").asText();
            if (now.equals("FAILED") && !state.equals("FAILED")) {
                throw new AssertionError("connector FAILED: " + d.get("stateDescription"));
            }
            return now.equals(state);
        });
    }

    private JsonNode awaitOutput(String operation, Map<String, Object> input, Predicate<JsonNode> done) {
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> call(operation, input), done::test);
    }

    private JsonNode assertOperation(String operationArn, String type, String state) {
        JsonNode operation = call("DescribeConnectorOperation", Map.of("connectorOperationArn", operationArn));
        assertThat(operation.get("connectorOperationType").asText()).isEqualTo(type);
        assertThat(operation.get("connectorOperationState").asText()).isEqualTo(state);
        List<String> steps = new ArrayList<>();
        operation.get("operationSteps").forEach(s -> steps.add(s.get("stepState").asText()));
        assertThat(steps).isNotEmpty().containsOnly("COMPLETED");
        return operation;
    }

    /** The connector's worker group, at the REST URL its log names. */
    private ConnectRestClient workerGroup(String name, String arn) throws Exception {
        Path log = data.resolve("msk/logs").resolve(name + "-" + arn.substring(arn.lastIndexOf('/') + 1) + ".log");
        Matcher rest = Pattern.compile("REST API (http://\\S+)\\)").matcher(Files.readString(log));
        assertThat(rest.find()).as("the worker group's REST URL in " + log).isTrue();
        return new ConnectRestClient(URI.create(rest.group(1)));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
