package io.cdclake.mskemulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterClientAuthenticationType;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterEncryptionInTransitType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.awaitility.Awaitility.await;

/** What the tests share: the credentials, SDK clients pointed at local servers, and plugin files. */
final class TestClients {

    static final String ACCESS_KEY = "AKIAEMULATORTEST";
    static final String SECRET_KEY = "emulator-test-secret";
    static final String REGION = "eu-west-1";
    static final String ROLE_ARN = "arn:aws:iam::000000000000:role/msk-connect-test";

    private TestClients() {
    }

    static KafkaConnectClient kafkaConnect(MskConnectEmulator emulator) {
        return kafkaConnect(emulator, ACCESS_KEY, SECRET_KEY);
    }

    static KafkaConnectClient kafkaConnect(MskConnectEmulator emulator, String accessKey, String secretKey) {
        return KafkaConnectClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * A CreateConnector as the deployer sends it: provisioned capacity, PLAINTEXT without authentication, Kafka
     * Connect 3.7.x, one custom plugin.
     */
    static CreateConnectorRequest.Builder connector(String name, String pluginArn, String bootstrapServers,
                                                    Map<String, String> configuration) {
        return CreateConnectorRequest.builder()
                .connectorName(name)
                .connectorConfiguration(configuration)
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(1).workerCount(1)))
                .kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers(bootstrapServers)
                        .vpc(v -> v.subnets("subnet-1").securityGroups("sg-1"))))
                .kafkaClusterClientAuthentication(a -> a.authenticationType(KafkaClusterClientAuthenticationType.NONE))
                .kafkaClusterEncryptionInTransit(e -> e.encryptionType(KafkaClusterEncryptionInTransitType.PLAINTEXT))
                .kafkaConnectVersion("3.7.x")
                .plugins(p -> p.customPlugin(c -> c.customPluginArn(pluginArn).revision(1L)))
                .serviceExecutionRoleArn(ROLE_ARN);
    }

    /**
     * A request to the emulator signed with the SDK's SigV4 signer but sent with java.net.http, not through the SDK's
     * client; {@code secret}, {@code region} and {@code at} let tests sign it wrong.
     */
    static HttpRequest.Builder signedRequest(MskConnectEmulator emulator, String method, String path, String query,
                                             String body, String secret, String region, Instant at) {
        URI uri = URI.create(emulator.endpoint() + path + (query == null ? "" : "?" + query));
        SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method))
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "kafkaconnect")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) { // java.net.http sets Host itself, to the same value
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request;
    }

    static S3Client s3(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static MskConnectEmulator.Builder emulator(Path dataDirectory, URI s3Endpoint) {
        return MskConnectEmulator.builder()
                .dataDirectory(dataDirectory)
                .region(REGION)
                .credentials(ACCESS_KEY, SECRET_KEY)
                .s3Endpoint(s3Endpoint);
    }

    /** Kafka's connect-file plugin JAR, copied by the build (never on the test class path). */
    static Path connectFileJar() {
        Path jar = Path.of(System.getProperty("cdclake.test.connectFileJar", "target/test-plugins/connect-file.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("connect-file plugin JAR missing at " + jar + ": run the tests through Maven");
        }
        return jar;
    }

    /** A custom plugin ZIP as MSK Connect takes it: the connector's JARs in a directory of the ZIP. */
    static byte[] pluginZip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] connectFileZip() {
        try {
            return pluginZip(Map.of("connect-file/connect-file-3.7.2.jar", Files.readAllBytes(connectFileJar())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void upload(S3Client s3, String bucket, String key, byte[] content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** Waits until the plugin left CREATING and returns how it ended. */
    static DescribeCustomPluginResponse awaitPluginSettled(KafkaConnectClient client, String arn) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> client.describeCustomPlugin(r -> r.customPluginArn(arn)),
                d -> d.customPluginState() != CustomPluginState.CREATING);
    }

    static String base64(String properties) {
        return Base64.getEncoder().encodeToString(properties.getBytes());
    }
}
