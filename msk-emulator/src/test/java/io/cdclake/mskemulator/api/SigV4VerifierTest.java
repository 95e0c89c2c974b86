package io.cdclake.mskemulator.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests exactly as the AWS CLI (botocore 1.43) sends them, captured from botocore's own signer at a fixed time:
 * it signs only {@code host;x-amz-date} (plus {@code content-type} with a body), sends no
 * {@code x-amz-content-sha256}, percent-encodes ARNs in the path and repeats query parameters.
 */
class SigV4VerifierTest {

    private static final Instant SIGNED_AT = Instant.parse("2026-12-02T08:00:00Z");
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=AKIAEMULATORTEST/20261202/eu-west-1/kafkaconnect/aws4_request, ";
    private static final String ARN_PATH = "arn%3Aaws%3Akafkaconnect%3Aeu-west-1%3A000000000000%3Aconnector%2Fmy-conn%2F0b7e3f1c-1111-2222-3333-444455556666";

    private final SigV4Verifier verifier = verifier(SIGNED_AT.plusSeconds(90));

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier("AKIAEMULATORTEST", "emulator-test-secret", "eu-west-1", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aCliGetWithAnEncodedQueryIsAccepted() {
        assertThatCode(() -> verifier.verify("GET", "/v1/connectors", "maxResults=10&connectorNamePrefix=a%20b%2Fc",
                headers("SignedHeaders=host;x-amz-date, Signature=19abdacd52cf5498c7819647fbe0487a6be7f71c4b478bfbf7123652d5b45064"),
                new byte[0])).doesNotThrowAnyException();
    }

    @Test
    void aCliGetWithAnArnInThePathIsAccepted() {
        assertThatCode(() -> verifier.verify("GET", "/v1/connectors/" + ARN_PATH, null,
                headers("SignedHeaders=host;x-amz-date, Signature=6ac9111fd54f1adecbbc98b82571b6ac551eada499b25c7214a59c4f68fb470f"),
                new byte[0])).doesNotThrowAnyException();
    }

    @Test
    void aCliPostWithABodyAndNoContentHashHeaderIsAccepted() {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        assertThatCode(() -> verifier.verify("POST", "/v1/worker-configurations", null,
                headers("SignedHeaders=content-type;host;x-amz-date, Signature=f3b76b3c81e83893a3d6a5a6d6fa459a05c78fdb02fe146a7f47157183d00a20", headers),
                POST_BODY.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    @Test
    void aCliDeleteWithRepeatedQueryParametersIsAccepted() {
        assertThatCode(() -> verifier.verify("DELETE", "/v1/tags/" + ARN_PATH, "tagKeys=b&tagKeys=a",
                headers("SignedHeaders=host;x-amz-date, Signature=ebb49f01af64c32824e646e69fb906574c27fe3283073c94ade5883df34a3357"),
                new byte[0])).doesNotThrowAnyException();
    }

    @Test
    void theSameCliRequestWithAnotherBodyIsRefused() {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        assertThatThrownBy(() -> verifier.verify("POST", "/v1/worker-configurations", null,
                headers("SignedHeaders=content-type;host;x-amz-date, Signature=f3b76b3c81e83893a3d6a5a6d6fa459a05c78fdb02fe146a7f47157183d00a20", headers),
                POST_BODY.replace("cli-signed", "cli-signeD").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo(ErrorType.INVALID_SIGNATURE));
    }

    @Test
    void theSameCliRequestSixMinutesLaterIsRefusedAsExpired() {
        assertThatThrownBy(() -> verifier(SIGNED_AT.plusSeconds(360)).verify("GET", "/v1/connectors/" + ARN_PATH, null,
                headers("SignedHeaders=host;x-amz-date, Signature=6ac9111fd54f1adecbbc98b82571b6ac551eada499b25c7214a59c4f68fb470f"),
                new byte[0]))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo(ErrorType.INVALID_SIGNATURE))
                .hasMessageStartingWith("Signature expired");
    }

    private static final String POST_BODY = "{\"name\": \"cli-signed\", \"propertiesFileContent\": \"a2V5LmNvbnZlcnRlcj1hLkIKdmFsdWUuY29udmVydGVyPWEuQgo=\"}";

    private static Function<String, List<String>> headers(String signature) {
        return headers(signature, Map.of());
    }

    /** The headers botocore sent, besides those it signs over only when present. */
    private static Function<String, List<String>> headers(String signature, Map<String, String> extra) {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.put("Host", "127.0.0.1:40123");
        all.put("X-Amz-Date", "20261202T080000Z");
        all.put("User-Agent", "Botocore/1.43.11 ua/2.1 os/linux md/arch#x86_64 lang/python#3.11.7");
        all.put("amz-sdk-request", "attempt=1");
        all.put("Authorization", SCOPE + signature);
        all.putAll(extra);
        return name -> all.containsKey(name) ? List.of(all.get(name)) : null;
    }
}
