package io.cdclake.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ServerTest {

    @TempDir
    Path dir;

    @Test
    void servesSignedPathStyleRequestsAndKeepsObjectsAcrossRestarts() throws Exception {
        int port;
        try (S3Server s3 = S3Server.builder().dataDirectory(dir).accessKey("ak").secretKey("sk").region("ap-southeast-2").start();
             S3Client client = client(s3, "sk")) {
            port = s3.endpoint().getPort();
            client.createBucket(b -> b.bucket("data-lake-demo-cevo"));
            client.putObject(b -> b.bucket("data-lake-demo-cevo").key("cdc-events/a.json"), RequestBody.fromString("{\"a\":1}\n"));
            assertThatThrownBy(() -> client(s3, "wrong-secret").listBuckets())
                    .isInstanceOf(S3Exception.class).hasMessageContaining("403");
        }
        assertThat(portIsFree(port)).as("closing releases the port").isTrue();
        try (S3Server s3 = S3Server.builder().dataDirectory(dir).accessKey("ak").secretKey("sk").start();
             S3Client client = client(s3, "sk")) {
            assertThat(client.getObjectAsBytes(b -> b.bucket("data-lake-demo-cevo").key("cdc-events/a.json")).asUtf8String())
                    .isEqualTo("{\"a\":1}\n");
        }
    }

    private static S3Client client(S3Server s3, String secret) {
        return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of("ap-southeast-2")).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static boolean portIsFree(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
