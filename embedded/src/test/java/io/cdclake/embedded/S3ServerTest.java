package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ServerTest {

    private static final String BUCKET = "data-lake-demo-cevo";
    private static final String SECRET = "local-secret-9f3a";

    @TempDir
    Path dir;

    @Test
    void servesSignedPathStyleRequestsAndKeepsObjectsAcrossARestartOnTheSamePort() throws Exception {
        int port;
        try (S3Server s3 = S3Server.builder().dataDirectory(dir).accessKey("ak").secretKey(SECRET).region("ap-southeast-2").start();
             S3Client client = client(s3, SECRET)) {
            port = s3.endpoint().getPort();
            assertThat(s3.endpoint()).isEqualTo(URI.create("http://localhost:" + port));
            assertThat(s3.accessKey()).isEqualTo("ak");
            assertThat(s3.secretKey()).isEqualTo(SECRET);
            assertThat(s3.region()).isEqualTo("ap-southeast-2");
            assertThat(s3.toString()).as("the secret stays out of logs").doesNotContain(SECRET);

            client.createBucket(b -> b.bucket(BUCKET));
            client.putObject(b -> b.bucket(BUCKET).key("cdc-events/customer_id=RICSU/a.json"), RequestBody.fromString("{\"a\":1}\n"));
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("cdc-events/")).contents())
                    .extracting(S3Object::key).containsExactly("cdc-events/customer_id=RICSU/a.json");
            assertThatThrownBy(() -> client(s3, "wrong-secret").listBuckets())
                    .isInstanceOf(S3Exception.class).hasMessageContaining("403");
        }
        assertThat(LocalPorts.accepting(port)).as("closing releases the port").isFalse();
        assertThat(dir.resolve("s3proxy.log")).as("S3Proxy logs to a file in the data directory").exists();

        try (S3Server s3 = S3Server.builder().dataDirectory(dir).port(port).accessKey("ak").secretKey(SECRET)
                .region("ap-southeast-2").start();
             S3Client client = client(s3, SECRET)) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("cdc-events/customer_id=RICSU/a.json")).asUtf8String())
                    .isEqualTo("{\"a\":1}\n");
        }
    }

    /**
     * What the Lenses S3 sink (9.x) and the built-in sink rely on for exactly-once: conditional writes that fence a
     * task which lost its partition (412 Precondition Failed), and copy and delete.
     */
    @Test
    void answersConditionalWritesCopyAndDeleteAsS3Does() throws Exception {
        try (S3Server s3 = S3Server.builder().dataDirectory(dir).accessKey("ak").secretKey(SECRET).region("us-east-1").start();
             S3Client client = client(s3, SECRET)) {
            client.createBucket(b -> b.bucket(BUCKET));
            String lock = ".indexes/sink/.locks/msk.datalake.cdc_events/0.lock";

            String first = client.putObject(b -> b.bucket(BUCKET).key(lock).ifNoneMatch("*"),
                    RequestBody.fromString("{\"owner\":\"task-1\"}")).eTag();
            assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key(lock).ifNoneMatch("*"),
                    RequestBody.fromString("{\"owner\":\"task-2\"}")))
                    .as("creating what exists").isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));

            String second = client.putObject(b -> b.bucket(BUCKET).key(lock).ifMatch(first),
                    RequestBody.fromString("{\"owner\":\"task-2\"}")).eTag();
            assertThat(second).isNotEqualTo(first);
            assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key(lock).ifMatch(first),
                    RequestBody.fromString("{\"owner\":\"zombie\"}")))
                    .as("a writer holding an old version").isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(lock)).asUtf8String())
                    .isEqualTo("{\"owner\":\"task-2\"}");

            String temp = ".temp-upload/sink/a.json";
            client.putObject(b -> b.bucket(BUCKET).key(temp), RequestBody.fromString("{\"a\":1}\n"));
            client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(temp).destinationBucket(BUCKET)
                    .destinationKey("cdc-events/a.json"));
            client.deleteObject(b -> b.bucket(BUCKET).key(temp));
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .containsExactlyInAnyOrder(lock, "cdc-events/a.json");
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("cdc-events/a.json")).asUtf8String())
                    .isEqualTo("{\"a\":1}\n");
        }
    }

    /**
     * Keys as current Lenses names them without a prefix or with NOPARTITION ({@code /t(0_1).json},
     * {@code raw//t(0_1).json}): legal on S3, which signs and stores the path as it is, never collapsing "//".
     */
    /**
     * S3 keeps such keys as they are, and the Lenses S3 sink writes them (NOPARTITION, no prefix). The SDK's
     * URL-connection client sends their slashes as they are; its Apache client (the Lenses sink's) as {@code %2F}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"url-connection", "apache"})
    void keepsKeysWithALeadingSlashOrAnEmptySegmentAsS3Does(String httpClient) throws Exception {
        String[] keys = {"/by-size(0_000000000002).json", "raw/events//t(1_000000000001).json", "raw/events/t(1_1).json",
                "100%/a%25b.json"};
        try (S3Server s3 = S3Server.builder().dataDirectory(dir).accessKey("ak").secretKey(SECRET).region("us-east-1").start();
             S3Client client = client(s3, SECRET, httpClient.equals("apache") ? ApacheHttpClient.builder()
                     : UrlConnectionHttpClient.builder())) {
            client.createBucket(b -> b.bucket(BUCKET));
            for (String key : keys) {
                client.putObject(b -> b.bucket(BUCKET).key(".temp-upload/x" + key), RequestBody.fromString(key));
                client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(".temp-upload/x" + key)
                        .destinationBucket(BUCKET).destinationKey(key));
                client.deleteObject(b -> b.bucket(BUCKET).key(".temp-upload/x" + key));
                assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo(key);
            }
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .containsExactlyInAnyOrder(keys);
            assertThat(client.listObjectsV2Paginator(b -> b.bucket(BUCKET).maxKeys(1)).contents())
                    .as("page by page").extracting(S3Object::key).containsExactlyInAnyOrder(keys);
            List<String> byMarker = new ArrayList<>();
            for (String marker = null; byMarker.size() <= keys.length; ) {
                String after = marker;
                ListObjectsResponse page = client.listObjects(b -> b.bucket(BUCKET).maxKeys(1).marker(after));
                page.contents().forEach(o -> byMarker.add(o.key()));
                if (!page.isTruncated()) {
                    break;
                }
                marker = page.contents().get(page.contents().size() - 1).key();
            }
            assertThat(byMarker).as("page by page, version 1").containsExactlyInAnyOrder(keys);
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("raw/events//")).contents())
                    .extracting(S3Object::key).containsExactly("raw/events//t(1_000000000001).json");
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("raw/events/").delimiter("/")).commonPrefixes())
                    .extracting(CommonPrefix::prefix).containsExactly("raw/events//");
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/")).commonPrefixes())
                    .extracting(CommonPrefix::prefix).containsExactlyInAnyOrder("/", "100%/", "raw/");
            assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key(keys[1]).ifNoneMatch("*"),
                    RequestBody.fromString("again"))).isInstanceOf(S3Exception.class).hasMessageContaining("412");

            client.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(o -> o.key(keys[0]), o -> o.key(keys[1]))));
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .containsExactlyInAnyOrder(keys[2], keys[3]);
        }
    }

    @Test
    void refusesAPortInUse() throws Exception {
        try (ServerSocket taken = LocalPorts.occupy()) {
            assertThatThrownBy(() -> S3Server.builder().dataDirectory(dir).port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("S3Server: port " + taken.getLocalPort() + " is in use; give another port, or 0 for a free one");
        }
    }

    @Test
    void saysWhereS3ProxysJarWasLookedForWhenItIsMissing() {
        Path missing = dir.resolve("no-such-s3proxy.jar");
        String previous = System.getProperty(S3Server.JAR_PROPERTY);
        System.setProperty(S3Server.JAR_PROPERTY, missing.toString());
        try {
            assertThatThrownBy(() -> S3Server.builder().dataDirectory(dir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("S3Proxy's jar is missing at " + missing)
                    .hasMessageContaining("-Dcdclake.s3proxy.jar=");
        } finally {
            if (previous == null) {
                System.clearProperty(S3Server.JAR_PROPERTY);
            } else {
                System.setProperty(S3Server.JAR_PROPERTY, previous);
            }
        }
        assertThat(Files.exists(dir.resolve("blobs"))).as("nothing created").isFalse();
    }

    @Test
    void refusesIncompleteSettingsNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> S3Server.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataDirectory is not set").hasMessageContaining("dataDirectory(Path)");
        assertThatThrownBy(() -> S3Server.builder().port(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port -1 is out of range");
    }

    private static S3Client client(S3Server s3, String secret) {
        return client(s3, secret, UrlConnectionHttpClient.builder());
    }

    private static S3Client client(S3Server s3, String secret, SdkHttpClient.Builder<?> httpClient) {
        return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
                .httpClientBuilder(httpClient).build();
    }
}
