package io.cdclake.mskemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectRestClient.ConnectRestException;
import io.cdclake.embedded.KafkaBroker;
import io.cdclake.embedded.S3Server;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.BadRequestException;
import software.amazon.awssdk.services.kafkaconnect.model.ConflictException;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationState;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationStep;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationStepState;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationType;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginContentType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.kafkaconnect.model.UpdateConnectorResponse;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cdclake.mskemulator.TestClients.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Connectors end to end through the AWS SDK against a real Kafka broker, a real S3 server and real Kafka Connect
 * worker groups, with Kafka's FileStream connectors as the custom plugin.
 */
class ConnectorLifecycleTest {

    private static final String BUCKET = "msk-plugins";
    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    static Path data;
    static KafkaBroker kafka;
    static S3Server s3Server;
    static S3Client s3;
    static MskConnectEmulator emulator;
    static KafkaConnectClient client;
    static Admin admin;
    static String pluginArn;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.builder().dataDirectory(data.resolve("kafka")).start();
        s3Server = S3Server.builder().dataDirectory(data.resolve("s3")).accessKey(TestClients.ACCESS_KEY)
                .secretKey(TestClients.SECRET_KEY).region(TestClients.REGION).start();
        s3 = TestClients.s3(s3Server.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET));
        TestClients.upload(s3, BUCKET, "connect-file.zip", TestClients.connectFileZip());
        emulator = TestClients.emulator(data.resolve("msk"), s3Server.endpoint()).start();
        client = TestClients.kafkaConnect(emulator);
        pluginArn = createPlugin(client, "connect-file");
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        client.close();
        emulator.close();
        s3.close();
        s3Server.close();
        kafka.close();
    }

    private static String createPlugin(KafkaConnectClient kafkaConnect, String name) {
        String arn = kafkaConnect.createCustomPlugin(r -> r.name(name).contentType(CustomPluginContentType.ZIP)
                .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::" + BUCKET).fileKey("connect-file.zip"))))
                .customPluginArn();
        assertThat(TestClients.awaitPluginSettled(kafkaConnect, arn).customPluginState()).isEqualTo(CustomPluginState.ACTIVE);
        return arn;
    }

    @Test
    void aConnectorRunsOnItsOwnWorkerGroupMovesDataTakesUpdatesAndIsDeleted() throws Exception {
        Path input = Files.writeString(data.resolve("lines.txt"), "alpha\nbeta\n");
        String workers = client.createWorkerConfiguration(r -> r.name("json-workers").propertiesFileContent(base64("""
                key.converter=org.apache.kafka.connect.json.JsonConverter
                value.converter=org.apache.kafka.connect.json.JsonConverter
                offset.flush.interval.ms=1000
                """))).workerConfigurationArn();

        CreateConnectorResponse created = client.createConnector(TestClients.connector("file-source", pluginArn,
                        kafka.bootstrapServers(), Map.of("connector.class", SOURCE, "tasks.max", "1",
                                "file", input.toString(), "topic", "lines-v1"))
                .workerConfiguration(w -> w.workerConfigurationArn(workers).revision(1L)).build());
        assertThat(created.connectorState()).isEqualTo(ConnectorState.CREATING);
        String arn = created.connectorArn();
        String id = arn.substring(arn.lastIndexOf('/') + 1);

        DescribeConnectorResponse running = awaitState(arn, ConnectorState.RUNNING);
        assertThat(running.stateDescription()).isNull();
        assertThat(running.kafkaConnectVersion()).isEqualTo("3.7.x");
        assertThat(running.capacity().provisionedCapacity().workerCount()).isEqualTo(1);

        // the worker configuration is applied: JsonConverter wraps each line with its schema
        List<JsonNode> values = consumeJson("lines-v1", read -> read.size() >= 2);
        assertThat(values).extracting(v -> v.get("payload").asText()).containsExactly("alpha", "beta");
        assertThat(values.get(0).at("/schema/type").asText()).isEqualTo("string");
        // its own internal topics, named as MSK Connect names them
        assertThat(admin.listTopics().names().get()).contains("__amazon_msk_connect_configs_file-source_" + id,
                "__amazon_msk_connect_offsets_file-source_" + id, "__amazon_msk_connect_status_file-source_" + id);
        // a SigV4-signed request that does not go through the SDK reads ListConnectors
        HttpResponse<String> listed = HttpClient.newHttpClient().send(TestClients.signedRequest(emulator, "GET",
                "/v1/connectors", "connectorNamePrefix=file-", "", TestClients.SECRET_KEY, TestClients.REGION,
                Instant.now()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode summary = new ObjectMapper().readTree(listed.body()).at("/connectors/0");
        assertThat(summary.get("connectorArn").asText()).isEqualTo(arn);
        assertThat(summary.get("connectorState").asText()).isEqualTo("RUNNING");
        assertThat(summary.get("currentVersion").asText()).isEqualTo(running.currentVersion());

        // UpdateConnector: the new configuration goes live, through a recorded operation
        assertThatThrownBy(() -> client.updateConnector(r -> r.connectorArn(arn).currentVersion("STALE")
                .connectorConfiguration(Map.of("connector.class", SOURCE))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("currentVersion 'STALE'");
        UpdateConnectorResponse update = client.updateConnector(r -> r.connectorArn(arn).currentVersion(running.currentVersion())
                .connectorConfiguration(Map.of("connector.class", SOURCE, "tasks.max", "1", "file", input.toString(),
                        "topic", "lines-v2")));
        assertThat(update.connectorState()).isEqualTo(ConnectorState.UPDATING);
        DescribeConnectorResponse updated = awaitState(arn, ConnectorState.RUNNING);
        assertThat(updated.currentVersion()).isNotEqualTo(running.currentVersion());
        assertThat(updated.connectorConfiguration()).containsEntry("topic", "lines-v2");
        DescribeConnectorOperationResponse operation = client.describeConnectorOperation(
                r -> r.connectorOperationArn(update.connectorOperationArn()));
        assertThat(operation.connectorOperationType()).isEqualTo(ConnectorOperationType.UPDATE_CONNECTOR_CONFIGURATION);
        assertThat(operation.connectorOperationState()).isEqualTo(ConnectorOperationState.UPDATE_COMPLETE);
        assertThat(operation.operationSteps()).extracting(ConnectorOperationStep::stepState)
                .hasSize(4).containsOnly(ConnectorOperationStepState.COMPLETED);
        assertThat(operation.originConnectorConfiguration()).containsEntry("topic", "lines-v1");
        assertThat(operation.targetConnectorConfiguration()).containsEntry("topic", "lines-v2");
        assertThat(operation.endTime()).isAfterOrEqualTo(operation.creationTime());
        assertThat(client.listConnectorOperations(r -> r.connectorArn(arn)).connectorOperations())
                .singleElement().satisfies(o -> assertThat(o.connectorOperationArn()).isEqualTo(update.connectorOperationArn()));
        Files.writeString(input, "gamma\n", StandardOpenOption.APPEND);
        assertThat(consumeJson("lines-v2", read -> read.stream().anyMatch(v -> v.contains("gamma"))))
                .extracting(v -> v.get("payload").asText()).contains("gamma");

        // UpdateConnector cannot change the connector class
        assertThatThrownBy(() -> client.updateConnector(r -> r.connectorArn(arn).currentVersion(updated.currentVersion())
                .connectorConfiguration(Map.of("connector.class", SINK))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("cannot change the connector class");
        // an update Connect refuses is rolled back: the connector keeps running its configuration and version
        UpdateConnectorResponse broken = client.updateConnector(r -> r.connectorArn(arn).currentVersion(updated.currentVersion())
                .connectorConfiguration(Map.of("connector.class", SOURCE, "tasks.max", "none", "file", input.toString(),
                        "topic", "lines-v3")));
        DescribeConnectorResponse rolledBack = awaitState(arn, ConnectorState.RUNNING);
        assertThat(rolledBack.currentVersion()).isEqualTo(updated.currentVersion());
        assertThat(rolledBack.connectorConfiguration()).containsEntry("topic", "lines-v2");
        DescribeConnectorOperationResponse brokenOperation = client.describeConnectorOperation(
                r -> r.connectorOperationArn(broken.connectorOperationArn()));
        assertThat(brokenOperation.connectorOperationState()).isEqualTo(ConnectorOperationState.ROLLBACK_COMPLETE);
        assertThat(brokenOperation.errorInfo().code()).isEqualTo("INVALID_CONNECTOR_CONFIGURATION");
        assertThat(brokenOperation.errorInfo().message()).contains("tasks.max");
        assertThat(brokenOperation.operationSteps()).extracting(ConnectorOperationStep::stepState).containsExactly(
                ConnectorOperationStepState.COMPLETED, ConnectorOperationStepState.COMPLETED,
                ConnectorOperationStepState.FAILED, ConnectorOperationStepState.CANCELLED);

        // capacity is recorded (one worker runs locally), through an operation too
        UpdateConnectorResponse resize = client.updateConnector(r -> r.connectorArn(arn).currentVersion(updated.currentVersion())
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(2).workerCount(2))));
        assertThat(awaitState(arn, ConnectorState.RUNNING).capacity().provisionedCapacity().workerCount()).isEqualTo(2);
        assertThat(client.describeConnectorOperation(r -> r.connectorOperationArn(resize.connectorOperationArn()))
                .targetWorkerSetting().capacity().provisionedCapacity().mcuCount()).isEqualTo(2);
        assertThat(client.listConnectorOperationsPaginator(r -> r.connectorArn(arn).maxResults(1)).connectorOperations())
                .extracting(o -> o.connectorOperationArn()).as("newest first, one per page")
                .containsExactly(resize.connectorOperationArn(), broken.connectorOperationArn(), update.connectorOperationArn());

        // the connector runs alone on its own worker group, whose REST API its log names
        Matcher rest = Pattern.compile("REST API (http://\\S+)\\)").matcher(Files.readString(connectorLog("file-source", id)));
        assertThat(rest.find()).isTrue();
        ConnectRestClient group = new ConnectRestClient(URI.create(rest.group(1)));
        assertThat(group.connectors()).containsExactly("file-source");

        // DeleteConnector stops the worker group
        assertThat(client.deleteConnector(r -> r.connectorArn(arn)).connectorState()).isEqualTo(ConnectorState.DELETING);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThatThrownBy(
                () -> client.describeConnector(r -> r.connectorArn(arn))).isInstanceOf(NotFoundException.class));
        assertThatThrownBy(group::connectors).isInstanceOfSatisfying(ConnectRestException.class,
                e -> assertThat(e.status()).as("no answer from a stopped worker").isZero());
        assertThat(Files.readString(connectorLog("file-source", id)))
                .contains("CREATING", "RUNNING", "UPDATING", "DELETING", "worker group stopped");
        // nothing uses the worker configuration any more
        client.deleteWorkerConfiguration(r -> r.workerConfigurationArn(workers));
    }

    @Test
    void aConnectorWhoseClassIsMissingWhoseTaskFailsOrWhoseClusterIsUnreachableEndsFailedWithTheReason() throws Exception {
        String missing = client.createConnector(TestClients.connector("missing-class", pluginArn, kafka.bootstrapServers(),
                Map.of("connector.class", "io.example.MissingConnector", "topics", "any")).build()).connectorArn();
        String failing = client.createConnector(TestClients.connector("failing-task", pluginArn, kafka.bootstrapServers(),
                Map.of("connector.class", SINK, "topics", "any", "file", "/nonexistent-directory/out.txt")).build()).connectorArn();
        String unreachable = client.createConnector(TestClients.connector("unreachable-cluster", pluginArn, "127.0.0.1:9",
                Map.of("connector.class", SINK, "topics", "any", "file", "out.txt")).build()).connectorArn();
        assertThatThrownBy(() -> client.createConnector(TestClients.connector("missing-class", pluginArn,
                kafka.bootstrapServers(), Map.of("connector.class", SINK)).build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'missing-class' already exists");

        DescribeConnectorResponse classFailure = awaitState(missing, ConnectorState.FAILED);
        DescribeConnectorResponse taskFailure = awaitState(failing, ConnectorState.FAILED);
        DescribeConnectorResponse clusterFailure = awaitState(unreachable, ConnectorState.FAILED);

        assertThat(classFailure.stateDescription().code()).isEqualTo("CONNECTOR_CLASS_NOT_FOUND");
        assertThat(classFailure.stateDescription().message())
                .contains("io.example.MissingConnector").contains(SOURCE).contains(SINK);
        assertThat(taskFailure.stateDescription().code()).isEqualTo("TASK_FAILED");
        assertThat(taskFailure.stateDescription().message()).contains("/nonexistent-directory/out.txt");
        assertThat(clusterFailure.stateDescription().code()).isEqualTo("KAFKA_CLUSTER_UNREACHABLE");
        assertThat(clusterFailure.stateDescription().message()).contains("127.0.0.1:9 cannot be reached");
        String failingId = failing.substring(failing.lastIndexOf('/') + 1);
        assertThat(Files.readString(connectorLog("failing-task", failingId)))
                .contains("FAILED: TASK_FAILED")
                // the worker's own error about the task, routed to the connector's log
                .contains("[failing-task|task-0]", "Task threw an uncaught and unrecoverable exception");
        assertThatThrownBy(() -> client.updateConnector(r -> r.connectorArn(missing).currentVersion(classFailure.currentVersion())
                .connectorConfiguration(Map.of("connector.class", "io.example.MissingConnector"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("is FAILED");

        for (String arn : List.of(missing, failing, unreachable)) {
            client.deleteConnector(r -> r.connectorArn(arn));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> client.listConnectors(r -> { }).connectors().stream()
                .noneMatch(c -> Set.of(missing, failing, unreachable).contains(c.connectorArn())));
    }

    @Test
    void aRestartedEmulatorBringsItsConnectorsBackAndAPausedOneStaysPaused(@TempDir Path ownData) throws Exception {
        Path input = Files.writeString(ownData.resolve("restart.txt"), "before\n");
        String arn;
        try (MskConnectEmulator first = TestClients.emulator(ownData.resolve("msk"), s3Server.endpoint()).start();
             KafkaConnectClient firstClient = TestClients.kafkaConnect(first)) {
            String plugin = createPlugin(firstClient, "connect-file-restart");
            arn = firstClient.createConnector(TestClients.connector("restart-source", plugin, kafka.bootstrapServers(),
                    Map.of("connector.class", SOURCE, "file", input.toString(), "topic", "restart-lines")).build()).connectorArn();
            await().atMost(START).until(() -> firstClient.describeConnector(r -> r.connectorArn(arn)).connectorState() == ConnectorState.RUNNING);
            assertThat(consumeStrings("restart-lines", read -> !read.isEmpty())).containsExactly("before");
            // the SDK for Java 2.40 has no PauseConnector: a signed request of the current model's shape
            assertThat(lifecycle(first, arn, "pause").statusCode()).isEqualTo(200);
            await().atMost(START).until(() -> firstClient.describeConnector(r -> r.connectorArn(arn)).connectorStateAsString().equals("PAUSED"));
        }

        Files.writeString(input, "after\n", StandardOpenOption.APPEND);
        Path log = ownData.resolve("msk/logs").resolve("restart-source-" + arn.substring(arn.lastIndexOf('/') + 1) + ".log");
        try (MskConnectEmulator second = TestClients.emulator(ownData.resolve("msk"), s3Server.endpoint()).start();
             KafkaConnectClient secondClient = TestClients.kafkaConnect(second)) {
            assertThat(secondClient.listCustomPlugins(r -> { }).customPlugins()).singleElement()
                    .satisfies(p -> assertThat(p.customPluginState()).isEqualTo(CustomPluginState.ACTIVE));
            assertThat(secondClient.describeConnector(r -> r.connectorArn(arn)).connectorStateAsString()).isEqualTo("PAUSED");
            // its worker group is back, with the connector paused on it
            await().atMost(START).until(() -> Files.readString(log).contains("back after the emulator restarted: PAUSED"));
            Matcher rest = Pattern.compile("REST API (http://\\S+)\\)").matcher(Files.readString(log));
            String url = null;
            while (rest.find()) {
                url = rest.group(1);
            }
            assertThat(new ConnectRestClient(URI.create(url)).status("restart-source").orElseThrow().connector().state())
                    .isEqualTo("PAUSED");

            // resumed, the connector runs again from its offsets: the line written while it was down arrives
            assertThat(lifecycle(second, arn, "resume").statusCode()).isEqualTo(200);
            await().atMost(START).until(() -> secondClient.describeConnector(r -> r.connectorArn(arn)).connectorState() == ConnectorState.RUNNING);
            assertThat(consumeStrings("restart-lines", read -> read.contains("after"))).containsExactly("before", "after");
        }
    }

    private static HttpResponse<String> lifecycle(MskConnectEmulator emulator, String arn, String action) throws Exception {
        String path = "/v1/connectors/" + URLEncoder.encode(arn, StandardCharsets.UTF_8) + "/" + action;
        return HttpClient.newHttpClient().send(TestClients.signedRequest(emulator, "PUT", path, null, "",
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DescribeConnectorResponse awaitState(String arn, ConnectorState state) {
        return await().atMost(START).pollInterval(Duration.ofMillis(500)).until(
                () -> client.describeConnector(r -> r.connectorArn(arn)),
                d -> d.connectorState() == state || (d.connectorState() == ConnectorState.FAILED && state != ConnectorState.FAILED
                        && failWith(d)));
    }

    private static boolean failWith(DescribeConnectorResponse d) {
        throw new AssertionError("connector " + d.connectorName() + " FAILED: " + d.stateDescription());
    }

    private static Path connectorLog(String name, String id) {
        return data.resolve("msk/logs").resolve(name + "-" + id + ".log");
    }

    private static List<JsonNode> consumeJson(String topic, Predicate<List<String>> enough) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> values = new ArrayList<>();
        for (String value : consumeStrings(topic, enough)) {
            values.add(json.readTree(value));
        }
        return values;
    }

    /** Reads the topic from the beginning until what it read is {@code enough}. */
    private static List<String> consumeStrings(String topic, Predicate<List<String>> enough) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                if (consumer.assignment().isEmpty()) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).toList();
                    if (partitions.isEmpty()) {
                        return false; // the topic does not exist yet
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return enough.test(values);
            });
            return values;
        }
    }
}
