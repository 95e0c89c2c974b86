package io.cdclake.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.endpoints.KafkaConnectEndpointProvider;
import software.amazon.awssdk.services.kafkaconnect.model.BadRequestException;
import software.amazon.awssdk.services.kafkaconnect.model.ConflictException;
import software.amazon.awssdk.services.kafkaconnect.model.ForbiddenException;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaConnectException;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.kafkaconnect.model.TooManyRequestsException;
import software.amazon.awssdk.services.kafkaconnect.model.UnauthorizedException;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The MSK Connect operations and request fields newer than the SDK's {@code kafkaconnect} model (2.40.2, the last
 * on Maven Central): PauseConnector, ResumeConnector, RestartConnector, and UpdateConnector's {@code plugins} and
 * {@code workerConfiguration}. Sent as the service's REST-JSON protocol defines them, with the SDK's own HTTP client
 * and SigV4 signer and the credentials, region and endpoint of a {@link KafkaConnectClient}; errors come back as
 * the SDK's exception types, so callers handle them as they do the client's.
 */
public final class MskConnectNewerApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "kafkaconnect";

    /** What each of these operations answers: the connector and the operation that carries out the request. */
    public record Started(String connectorArn, String connectorOperationArn) {
    }

    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Region region;
    private final URI endpoint;

    private MskConnectNewerApi(SdkHttpClient http, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                               Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** The same credentials provider, region and endpoint (override, or the SDK's endpoint rules) as {@code msk}. */
    public static MskConnectNewerApi of(KafkaConnectClient msk) {
        var config = msk.serviceClientConfiguration();
        URI endpoint = config.endpointOverride().orElseGet(() -> KafkaConnectEndpointProvider.defaultProvider()
                .resolveEndpoint(p -> p.region(config.region())).join().url());
        return new MskConnectNewerApi(ApacheHttpClient.create(), config.credentialsProvider(), config.region(), endpoint);
    }

    /** {@code PUT /v1/connectors/{arn}/pause}. */
    public Started pause(String connectorArn) {
        return send(SdkHttpMethod.PUT, connectorArn, "/pause", Map.of(), null);
    }

    /** {@code PUT /v1/connectors/{arn}/resume}. */
    public Started resume(String connectorArn) {
        return send(SdkHttpMethod.PUT, connectorArn, "/resume", Map.of(), null);
    }

    /** {@code POST /v1/connectors/{arn}/restart?onlyFailedTasks=}. */
    public Started restart(String connectorArn, boolean onlyFailedTasks) {
        return send(SdkHttpMethod.POST, connectorArn, "/restart", Map.of("onlyFailedTasks", String.valueOf(onlyFailedTasks)), null);
    }

    /** UpdateConnector with {@code plugins}: the connector runs another custom plugin (or revision). */
    public Started updatePlugin(String connectorArn, String currentVersion, String customPluginArn, long revision) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("plugins").addObject().putObject("customPlugin").put("customPluginArn", customPluginArn).put("revision", revision);
        return send(SdkHttpMethod.PUT, connectorArn, "", Map.of("currentVersion", currentVersion), body);
    }

    /** UpdateConnector with {@code workerConfiguration}: the connector's workers get another worker configuration. */
    public Started updateWorkerConfiguration(String connectorArn, String currentVersion, String workerConfigurationArn,
                                             long revision) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("workerConfiguration").put("revision", revision).put("workerConfigurationArn", workerConfigurationArn);
        return send(SdkHttpMethod.PUT, connectorArn, "", Map.of("currentVersion", currentVersion), body);
    }

    private Started send(SdkHttpMethod method, String connectorArn, String suffix, Map<String, String> query, JsonNode body) {
        String base = endpoint.getRawPath() == null || endpoint.getRawPath().equals("/") ? "" : endpoint.getRawPath();
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).uri(endpoint)
                .encodedPath(base + "/v1/connectors/" + SdkHttpUtils.urlEncode(connectorArn) + suffix);
        query.forEach(request::putRawQueryParameter);
        ContentStreamProvider payload = null;
        if (body != null) {
            byte[] bytes = json(body);
            request.putHeader("Content-Type", "application/json").putHeader("Content-Length", String.valueOf(bytes.length));
            payload = ContentStreamProvider.fromByteArray(bytes);
        }
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        ContentStreamProvider signedPayload = payload;
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(request.build()).payload(signedPayload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            String text;
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = response.httpResponse().statusCode();
            JsonNode answer = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (status / 100 != 2) {
                String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("")
                        .split(":")[0];
                throw error(type, answer.path("message").asText(answer.path("Message").asText(text)), status,
                        response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null));
            }
            return new Started(answer.path("connectorArn").asText(null), answer.path("connectorOperationArn").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException("calling MSK Connect at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static KafkaConnectException error(String type, String message, int status, String requestId) {
        KafkaConnectException.Builder b = switch (type) {
            case "NotFoundException" -> NotFoundException.builder();
            case "ConflictException" -> ConflictException.builder();
            case "BadRequestException" -> BadRequestException.builder();
            case "ForbiddenException" -> ForbiddenException.builder();
            case "UnauthorizedException" -> UnauthorizedException.builder();
            case "TooManyRequestsException" -> TooManyRequestsException.builder();
            default -> KafkaConnectException.builder();
        };
        return (KafkaConnectException) b.message(message + " (Service: KafkaConnect, Status Code: " + status + ", Request ID: "
                        + requestId + ")").statusCode(status).requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(type.isEmpty() ? null : type).errorMessage(message)
                        .serviceName("KafkaConnect").build()).build();
    }

    private static byte[] json(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
