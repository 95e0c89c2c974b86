package io.cdclake.mskemulator;

import io.cdclake.embedded.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.ConflictException;
import software.amazon.awssdk.services.kafkaconnect.model.CreateCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginContentType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginSummary;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Custom plugins read from a real S3 server: accepted, described and listed, or failed with the reason. */
class CustomPluginTest {

    private static final String BUCKET = "plugins";

    @TempDir
    static Path data;
    static S3Server s3Server;
    static S3Client s3;
    static MskConnectEmulator emulator;
    static KafkaConnectClient client;

    @BeforeAll
    static void start() throws Exception {
        s3Server = S3Server.builder().dataDirectory(data.resolve("s3")).accessKey(TestClients.ACCESS_KEY)
                .secretKey(TestClients.SECRET_KEY).region(TestClients.REGION).start();
        s3 = TestClients.s3(s3Server.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET));
        emulator = TestClients.emulator(data.resolve("msk"), s3Server.endpoint()).start();
        client = TestClients.kafkaConnect(emulator);
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
        s3.close();
        s3Server.close();
    }

    private static String create(String name, String key, CustomPluginContentType type) {
        return client.createCustomPlugin(r -> r.name(name).contentType(type).description("test plugin " + name)
                .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::" + BUCKET).fileKey(key)))).customPluginArn();
    }

    @Test
    void aZipOfConnectorJarsBecomesActive() throws Exception {
        byte[] zip = TestClients.connectFileZip();
        TestClients.upload(s3, BUCKET, "active/connect-file.zip", zip);

        CreateCustomPluginResponse created = client.createCustomPlugin(r -> r.name("connect-file")
                .contentType(CustomPluginContentType.ZIP).tags(Map.of("source", "kafka"))
                .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::" + BUCKET).fileKey("active/connect-file.zip"))));
        assertThat(created.customPluginState()).isEqualTo(CustomPluginState.CREATING);
        assertThat(created.revision()).isEqualTo(1L);
        assertThat(created.customPluginArn())
                .matches("arn:aws:kafkaconnect:eu-west-1:000000000000:custom-plugin/connect-file/[0-9a-f-]{36}");

        DescribeCustomPluginResponse active = TestClients.awaitPluginSettled(client, created.customPluginArn());
        assertThat(active.customPluginState()).isEqualTo(CustomPluginState.ACTIVE);
        assertThat(active.stateDescription()).isNull();
        assertThat(active.latestRevision().revision()).isEqualTo(1L);
        assertThat(active.latestRevision().contentType()).isEqualTo(CustomPluginContentType.ZIP);
        assertThat(active.latestRevision().fileDescription().fileSize()).isEqualTo(zip.length);
        assertThat(active.latestRevision().fileDescription().fileMd5())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zip)));
        assertThat(active.latestRevision().location().s3Location().fileKey()).isEqualTo("active/connect-file.zip");
        assertThat(client.listCustomPlugins(r -> r.namePrefix("connect-")).customPlugins())
                .extracting(CustomPluginSummary::name, CustomPluginSummary::customPluginStateAsString)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("connect-file", "ACTIVE"));
        assertThat(client.listTagsForResource(r -> r.resourceArn(created.customPluginArn())).tags())
                .containsEntry("source", "kafka");
    }

    @Test
    void aSingleJarIsAPluginToo() throws Exception {
        TestClients.upload(s3, BUCKET, "jar/connect-file.jar", Files.readAllBytes(TestClients.connectFileJar()));

        String arn = create("connect-file-jar", "jar/connect-file.jar", CustomPluginContentType.JAR);

        assertThat(TestClients.awaitPluginSettled(client, arn).customPluginState()).isEqualTo(CustomPluginState.ACTIVE);
    }

    @Test
    void aFileThatIsNotAZipFailsWithTheReason() {
        TestClients.upload(s3, BUCKET, "bad/not-a-zip.zip", "this is not a zip file".getBytes());

        DescribeCustomPluginResponse failed = TestClients.awaitPluginSettled(client,
                create("not-a-zip", "bad/not-a-zip.zip", CustomPluginContentType.ZIP));

        assertThat(failed.customPluginState()).isEqualTo(CustomPluginState.CREATE_FAILED);
        assertThat(failed.stateDescription().code()).isEqualTo("INVALID_PLUGIN_FILE");
        assertThat(failed.stateDescription().message()).contains("not a valid ZIP file");
        assertThat(failed.latestRevision()).isNull();
    }

    @Test
    void aZipWithoutJarsOrConnectorsFailsWithTheReason() {
        TestClients.upload(s3, BUCKET, "bad/no-jars.zip", TestClients.pluginZip(Map.of("README.txt", "hello".getBytes())));
        TestClients.upload(s3, BUCKET, "bad/no-connector.zip", TestClients.pluginZip(Map.of("lib/empty.jar",
                TestClients.pluginZip(Map.of("com/example/Util.class", new byte[]{1, 2, 3})))));

        DescribeCustomPluginResponse noJars = TestClients.awaitPluginSettled(client,
                create("no-jars", "bad/no-jars.zip", CustomPluginContentType.ZIP));
        DescribeCustomPluginResponse noConnector = TestClients.awaitPluginSettled(client,
                create("no-connector", "bad/no-connector.zip", CustomPluginContentType.ZIP));

        assertThat(noJars.customPluginState()).isEqualTo(CustomPluginState.CREATE_FAILED);
        assertThat(noJars.stateDescription().message()).contains("contains no JAR files");
        assertThat(noConnector.customPluginState()).isEqualTo(CustomPluginState.CREATE_FAILED);
        assertThat(noConnector.stateDescription().code()).isEqualTo("NO_CONNECTOR_FOUND");
    }

    @Test
    void aMissingObjectFailsWithTheReason() {
        DescribeCustomPluginResponse failed = TestClients.awaitPluginSettled(client,
                create("missing-object", "nowhere/plugin.zip", CustomPluginContentType.ZIP));

        assertThat(failed.customPluginState()).isEqualTo(CustomPluginState.CREATE_FAILED);
        assertThat(failed.stateDescription().code()).isEqualTo("S3_OBJECT_NOT_FOUND");
        assertThat(failed.stateDescription().message()).contains("s3://plugins/nowhere/plugin.zip does not exist");
    }

    @Test
    void aDeletedPluginIsGoneWithItsFiles() {
        TestClients.upload(s3, BUCKET, "delete/connect-file.zip", TestClients.connectFileZip());
        String arn = create("to-delete", "delete/connect-file.zip", CustomPluginContentType.ZIP);
        assertThat(TestClients.awaitPluginSettled(client, arn).customPluginState()).isEqualTo(CustomPluginState.ACTIVE);
        Path unpacked = data.resolve("msk/plugins").resolve(arn.substring(arn.lastIndexOf('/') + 1));
        assertThat(unpacked.resolve("plugin/connect-file/connect-file-3.7.2.jar")).isRegularFile();

        assertThat(client.deleteCustomPlugin(r -> r.customPluginArn(arn)).customPluginState())
                .isEqualTo(CustomPluginState.DELETING);

        assertThatThrownBy(() -> client.describeCustomPlugin(r -> r.customPluginArn(arn))).isInstanceOf(NotFoundException.class);
        assertThat(unpacked).doesNotExist();
    }

    @Test
    void sameNameTwiceIsAConflict() {
        create("duplicate", "any.zip", CustomPluginContentType.ZIP);

        assertThatThrownBy(() -> create("duplicate", "any.zip", CustomPluginContentType.ZIP))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'duplicate' already exists");
    }
}
