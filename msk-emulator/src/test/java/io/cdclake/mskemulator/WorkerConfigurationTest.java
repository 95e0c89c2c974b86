package io.cdclake.mskemulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.BadRequestException;
import software.amazon.awssdk.services.kafkaconnect.model.ConflictException;
import software.amazon.awssdk.services.kafkaconnect.model.CreateWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeWorkerConfigurationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.ListWorkerConfigurationsResponse;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationState;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationSummary;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdclake.mskemulator.TestClients.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Worker configurations, tags and pagination through the AWS SDK; no Kafka or S3 needed. */
class WorkerConfigurationTest {

    private static final String PROPERTIES = """
            key.converter=org.apache.kafka.connect.json.JsonConverter
            value.converter=org.apache.kafka.connect.json.JsonConverter
            offset.flush.interval.ms=1000
            """;
    /** Nothing listens there: these tests never read a plugin. */
    private static final URI UNUSED_S3 = URI.create("http://127.0.0.1:9");

    @TempDir
    static Path data;
    static MskConnectEmulator emulator;
    static KafkaConnectClient client;

    @BeforeAll
    static void start() {
        emulator = TestClients.emulator(data, UNUSED_S3).start();
        client = TestClients.kafkaConnect(emulator);
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void workerConfigurationIsCreatedDescribedListedAndDeleted() {
        Instant before = Instant.now().minusSeconds(1);
        CreateWorkerConfigurationResponse created = client.createWorkerConfiguration(r -> r
                .name("lifecycle-json").description("JSON converters").propertiesFileContent(base64(PROPERTIES)));

        assertThat(created.workerConfigurationArn())
                .matches("arn:aws:kafkaconnect:eu-west-1:000000000000:worker-configuration/lifecycle-json/[0-9a-f-]{36}");
        assertThat(created.workerConfigurationState()).isEqualTo(WorkerConfigurationState.ACTIVE);
        assertThat(created.latestRevision().revision()).isEqualTo(1L);
        assertThat(created.creationTime()).isAfter(before);

        DescribeWorkerConfigurationResponse described = client.describeWorkerConfiguration(
                r -> r.workerConfigurationArn(created.workerConfigurationArn()));
        assertThat(described.name()).isEqualTo("lifecycle-json");
        assertThat(described.description()).isEqualTo("JSON converters");
        assertThat(described.latestRevision().propertiesFileContent()).isEqualTo(base64(PROPERTIES));

        assertThat(client.listWorkerConfigurations(r -> r.namePrefix("lifecycle-")).workerConfigurations())
                .extracting(WorkerConfigurationSummary::workerConfigurationArn)
                .containsExactly(created.workerConfigurationArn());

        DeleteWorkerConfigurationResponse deleted = client.deleteWorkerConfiguration(
                r -> r.workerConfigurationArn(created.workerConfigurationArn()));
        assertThat(deleted.workerConfigurationState()).isEqualTo(WorkerConfigurationState.DELETING);
        assertThatThrownBy(() -> client.describeWorkerConfiguration(r -> r.workerConfigurationArn(created.workerConfigurationArn())))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(created.workerConfigurationArn());
    }

    @Test
    void badPropertiesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("bad-base64").propertiesFileContent("%%% not base64")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("propertiesFileContent is not valid base64");
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("no-converters")
                .propertiesFileContent(base64("offset.flush.interval.ms=1000"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("lacks key.converter");
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("own-group")
                .propertiesFileContent(base64(PROPERTIES + "group.id=mine\n"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'group.id'");
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("unlisted-producer-property")
                .propertiesFileContent(base64(PROPERTIES + "producer.transactional.id=x\n"))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'producer.transactional.id'");
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("x".repeat(129)).propertiesFileContent(base64(PROPERTIES))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("name").hasMessageContaining("1 to 128 characters");
        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("no-content")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("propertiesFileContent is required");

        assertThat(client.listWorkerConfigurations(r -> r.namePrefix("bad-")).workerConfigurations()).isEmpty();
    }

    @Test
    void sameNameTwiceIsAConflict() {
        client.createWorkerConfiguration(r -> r.name("twice").propertiesFileContent(base64(PROPERTIES)));

        assertThatThrownBy(() -> client.createWorkerConfiguration(r -> r.name("twice").propertiesFileContent(base64(PROPERTIES))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("'twice' already exists");
    }

    @Test
    void listsArePagedWithTokens() {
        for (int i = 0; i < 5; i++) {
            String name = "paged-" + i;
            client.createWorkerConfiguration(r -> r.name(name).propertiesFileContent(base64(PROPERTIES)));
        }

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListWorkerConfigurationsResponse page = client.listWorkerConfigurations(r -> r.namePrefix("paged-").maxResults(2).nextToken(next));
            assertThat(page.workerConfigurations()).hasSizeLessThanOrEqualTo(2);
            page.workerConfigurations().forEach(w -> names.add(w.name()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        assertThat(client.listWorkerConfigurationsPaginator(r -> r.namePrefix("paged-").maxResults(1)).workerConfigurations())
                .hasSize(5);
        assertThatThrownBy(() -> client.listWorkerConfigurations(r -> r.maxResults(0)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("maxResults '0'");
        assertThatThrownBy(() -> client.listWorkerConfigurations(r -> r.nextToken("not-a-token")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("nextToken");
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        String arn = client.createWorkerConfiguration(r -> r.name("tagged").propertiesFileContent(base64(PROPERTIES))
                .tags(Map.of("team", "data", "env", "test"))).workerConfigurationArn();

        assertThat(client.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("team", "data", "env", "test"));

        client.tagResource(r -> r.resourceArn(arn).tags(Map.of("env", "prod", "owner", "me")));
        client.untagResource(r -> r.resourceArn(arn).tagKeys("team"));

        assertThat(client.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("env", "prod", "owner", "me"));
        assertThatThrownBy(() -> client.tagResource(r -> r.resourceArn(arn).tags(Map.of("aws:reserved", "x"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'aws:' is reserved");
        String missing = arn.substring(0, arn.lastIndexOf('/') + 1) + "00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> client.listTagsForResource(r -> r.resourceArn(missing)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.listTagsForResource(r -> r.resourceArn("arn:aws:s3:::bucket")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not an MSK Connect ARN");
    }

    @Test
    void aRestartedEmulatorKnowsItsWorkerConfigurations(@TempDir Path ownData) {
        String arn;
        try (MskConnectEmulator first = TestClients.emulator(ownData, UNUSED_S3).start();
             KafkaConnectClient firstClient = TestClients.kafkaConnect(first)) {
            arn = firstClient.createWorkerConfiguration(r -> r.name("survivor").propertiesFileContent(base64(PROPERTIES))
                    .tags(Map.of("kept", "yes"))).workerConfigurationArn();
        }

        try (MskConnectEmulator second = TestClients.emulator(ownData, UNUSED_S3).start();
             KafkaConnectClient secondClient = TestClients.kafkaConnect(second)) {
            assertThat(secondClient.describeWorkerConfiguration(r -> r.workerConfigurationArn(arn)).latestRevision()
                    .propertiesFileContent()).isEqualTo(base64(PROPERTIES));
            assertThat(secondClient.listTagsForResource(r -> r.resourceArn(arn)).tags()).containsEntry("kept", "yes");
        }
    }

    @Test
    void startRefusesBadSettingsNamingThem() {
        assertThatThrownBy(() -> MskConnectEmulator.builder().credentials("a", "b").s3Endpoint(UNUSED_S3).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataDirectory is required");
        assertThatThrownBy(() -> TestClients.emulator(data, UNUSED_S3).region("Europe").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region 'Europe'");
        assertThatThrownBy(() -> TestClients.emulator(data, UNUSED_S3).accountId("42").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId '42'");
        assertThatThrownBy(() -> TestClients.emulator(data, UNUSED_S3).port(emulator.port()).start())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(":" + emulator.port());
        assertThatThrownBy(() -> TestClients.emulator(data, UNUSED_S3).connectorStartTimeout(Duration.ZERO).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectorStartTimeout");
    }
}
