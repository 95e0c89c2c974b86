package io.cdclake.mskemulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaConnectException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.cdclake.mskemulator.TestClients.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests authenticated as AWS authenticates them: signed with SigV4 outside the SDK (the SDK's signer on a plain
 * java.net.http request), and every way of getting it wrong refused with AWS's status and error type.
 */
class SigV4Test {

    private static final URI UNUSED_S3 = URI.create("http://127.0.0.1:9");

    @TempDir
    static Path data;
    static MskConnectEmulator emulator;
    static KafkaConnectClient client;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        emulator = TestClients.emulator(data, UNUSED_S3).start();
        client = TestClients.kafkaConnect(emulator);
        client.createWorkerConfiguration(r -> r.name("signed-read").propertiesFileContent(
                base64("key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                        + "value.converter=org.apache.kafka.connect.storage.StringConverter\n")));
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void aRequestSignedWithoutTheSdkIsServed() throws Exception {
        HttpResponse<String> connectors = send(signed("GET", "/v1/connectors", "maxResults=10", "",
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now()));
        HttpResponse<String> configurations = send(signed("GET", "/v1/worker-configurations", "namePrefix=signed-", "",
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now()));

        assertThat(connectors.statusCode()).isEqualTo(200);
        assertThat(json.readTree(connectors.body()).get("connectors").isArray()).isTrue();
        assertThat(configurations.statusCode()).isEqualTo(200);
        assertThat(json.readTree(configurations.body()).at("/workerConfigurations/0/name").asText()).isEqualTo("signed-read");
    }

    @Test
    void aSignedBodyIsServed() throws Exception {
        String body = "{\"name\":\"signed-body\",\"propertiesFileContent\":\""
                + base64("key.converter=a.B\nvalue.converter=a.B\n") + "\"}";
        HttpResponse<String> created = send(signed("POST", "/v1/worker-configurations", null, body,
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now()));

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(json.readTree(created.body()).get("workerConfigurationState").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(emulator.endpoint().resolve("/v1/connectors")).GET());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void aWrongSecretKeyIsRefused() {
        try (KafkaConnectClient wrongSecret = TestClients.kafkaConnect(emulator, TestClients.ACCESS_KEY, "not-the-secret")) {
            assertThatThrownBy(() -> wrongSecret.listConnectors(r -> { }))
                    .isInstanceOfSatisfying(KafkaConnectException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    })
                    .hasMessageContaining("signature we calculated does not match");
        }
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        try (KafkaConnectClient stranger = TestClients.kafkaConnect(emulator, "AKIASOMEONEELSE", TestClients.SECRET_KEY)) {
            assertThatThrownBy(() -> stranger.listConnectors(r -> { }))
                    .isInstanceOfSatisfying(KafkaConnectException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    });
        }
    }

    @Test
    void aTamperedBodyOrScopeOrDateIsRefused() throws Exception {
        String body = "{\"name\":\"tampered\",\"propertiesFileContent\":\"" + base64("key.converter=a.B\nvalue.converter=a.B\n") + "\"}";
        HttpRequest.Builder tampered = signed("POST", "/v1/worker-configurations", null, body,
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now())
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("tampered", "tampere2")));
        HttpResponse<String> tamperedResponse = send(tampered);
        assertThat(tamperedResponse.statusCode()).isEqualTo(403);
        assertThat(tamperedResponse.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");

        HttpResponse<String> otherRegion = send(signed("GET", "/v1/connectors", null, "",
                TestClients.SECRET_KEY, "us-west-2", Instant.now()));
        assertThat(otherRegion.statusCode()).isEqualTo(403);
        assertThat(json.readTree(otherRegion.body()).get("message").asText()).contains("scoped to a valid region");

        HttpResponse<String> stale = send(signed("GET", "/v1/connectors", null, "",
                TestClients.SECRET_KEY, TestClients.REGION, Instant.now().minus(20, ChronoUnit.MINUTES)));
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(json.readTree(stale.body()).get("message").asText()).startsWith("Signature expired");

        assertThat(client.listWorkerConfigurations(r -> r.namePrefix("tampere")).workerConfigurations()).isEmpty();
    }

    @Test
    void anUnknownPathIsNotAnOperation() throws Exception {
        HttpResponse<String> response = send(signed("GET", "/v1/clusters", null, "", TestClients.SECRET_KEY,
                TestClients.REGION, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
    }

    private HttpRequest.Builder signed(String method, String path, String query, String body, String secret,
                                       String region, Instant at) {
        return TestClients.signedRequest(emulator, method, path, query, body, secret, region, at);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
