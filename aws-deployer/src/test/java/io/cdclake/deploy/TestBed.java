package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.api.MskConnectApiServer;
import io.cdclake.deploy.plugin.PluginSources;
import io.cdclake.deploy.preflight.SourceDatabaseCheck;
import io.cdclake.embedded.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a deployer test runs against: the checking MSK Connect endpoint and a real S3 server in this JVM, the real
 * SDK clients pointed at them, and the reference pipeline file with its AWS placeholders filled in.
 */
public final class TestBed implements AutoCloseable {

    public static final String REGION = "ap-southeast-2";
    public static final String PLUGIN_BUCKET = "cdclake-plugins-test";
    public static final String ACCOUNT = "123456789012";
    public static final String CLUSTER_ARN = "arn:aws:kafka:ap-southeast-2:123456789012:cluster/cdc-lake/"
            + "5a2f7c1e-0b9d-4e3a-8f6c-2d1e0a9b8c7d-3";

    public final S3Server s3Server;
    public final MskConnectApiServer api;
    public final S3Client s3;
    public final KafkaConnectClient msk;
    public final KafkaClient kafka;
    public final StsClient sts;
    public final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    public final Path workDir;
    private final StaticCredentialsProvider credentials;

    public TestBed(Path dir) throws IOException {
        this(dir, 2);
    }

    /** @param describesToSettle how many describes a CREATING or DELETING resource takes to settle */
    public TestBed(Path dir, int describesToSettle) throws IOException {
        s3Server = S3Server.builder().dataDirectory(dir.resolve("s3")).accessKey("test-access").secretKey("test-secret-key-9f3a")
                .region(REGION).start();
        credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(s3Server.accessKey(), s3Server.secretKey()));
        s3 = AwsClients.open(new AwsClients.Settings(Region.of(REGION), credentials, null, s3Server.endpoint(), false)).s3();
        s3.createBucket(r -> r.bucket(PLUGIN_BUCKET));
        s3.createBucket(r -> r.bucket("data-lake-demo-cevo"));
        api = new MskConnectApiServer(REGION, describesToSettle, 2, (bucket, key) -> {
            try {
                s3.headObject(r -> r.bucket(bucket).key(key));
                return true;
            } catch (S3Exception e) {
                return false;
            }
        });
        msk = KafkaConnectClient.builder().region(Region.of(REGION)).credentialsProvider(credentials)
                .endpointOverride(api.endpoint()).build();
        kafka = KafkaClient.builder().region(Region.of(REGION)).credentialsProvider(credentials)
                .endpointOverride(api.endpoint()).build();
        sts = StsClient.builder().region(Region.of(REGION)).credentialsProvider(credentials).endpointOverride(api.endpoint()).build();
        workDir = dir.resolve("work");
    }

    /** Clients for the CLI: MSK Connect, MSK and STS on the checking endpoint, S3 on the S3 server, whatever the settings say. */
    public AwsClients.Factory clients() {
        return settings -> new AwsClients(
                KafkaConnectClient.builder().region(settings.region()).credentialsProvider(credentials).endpointOverride(api.endpoint()).build(),
                AwsClients.open(new AwsClients.Settings(settings.region(), credentials, null, s3Server.endpoint(), false)).s3(),
                settings.aws() ? KafkaClient.builder().region(settings.region()).credentialsProvider(credentials)
                        .endpointOverride(api.endpoint()).build() : null,
                settings.aws() ? StsClient.builder().region(settings.region()).credentialsProvider(credentials)
                        .endpointOverride(api.endpoint()).build() : null);
    }

    public MskConnectDeployer.Builder deployerBuilder() {
        return MskConnectDeployer.builder().mskConnect(msk).s3(s3).kafka(kafka).sts(sts).progress(progress::add)
                .timeout(Duration.ofSeconds(20)).polling(Duration.ofMillis(5), Duration.ofSeconds(5))
                .databaseCheck(new SourceDatabaseCheck(Duration.ofMillis(300), name -> null))
                .pluginSources(PluginSources::fromSystemProperties);
    }

    public MskConnectDeployer deployer() {
        return deployerBuilder().build();
    }

    /** The reference pipeline file with its aws placeholders filled in (and {@code edits}: pairs of old, new text). */
    public static String awsYaml(String... edits) throws IOException {
        String yaml = Files.readString(Path.of("..", "pipelines", "northwind-orders.yaml"))
                .replace("<your-aurora-cluster-endpoint>", "cdc-db.invalid")
                .replace("<account-id>", ACCOUNT)
                .replace("<secret-name>", "northwind-db-AbCdEf")
                .replace("<broker-1>:9098,<broker-2>:9098", "b-1.cdc.kafka.ap-southeast-2.amazonaws.com:9098,"
                        + "b-2.cdc.kafka.ap-southeast-2.amazonaws.com:9098")
                .replace("<your-private-subnet-id-1>", "subnet-0a1b2c3d4e5f60718")
                .replace("<your-private-subnet-id-2>", "subnet-0a1b2c3d4e5f60719")
                .replace("<your-security-group-id>", "sg-0a1b2c3d4e5f60718")
                .replace("<msk-connect-role>", "cdc-lake-connect")
                .replace("<your-plugin-bucket>", PLUGIN_BUCKET);
        for (int i = 0; i < edits.length; i += 2) {
            if (!yaml.contains(edits[i])) {
                throw new IllegalArgumentException("the reference pipeline has no '" + edits[i] + "' to replace");
            }
            yaml = yaml.replace(edits[i], edits[i + 1]);
        }
        return yaml;
    }

    public static Pipeline awsPipeline(String... edits) throws IOException {
        return PipelineYaml.parse(awsYaml(edits), "northwind-orders.yaml");
    }

    /** Writes {@code yaml} as a pipeline file under {@code dir}. */
    public static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public List<String> pluginObjects() {
        return s3.listObjectsV2Paginator(r -> r.bucket(PLUGIN_BUCKET)).contents().stream().map(o -> o.key()).toList();
    }

    @Override
    public void close() {
        msk.close();
        kafka.close();
        sts.close();
        s3.close();
        api.close();
        s3Server.close();
    }
}
