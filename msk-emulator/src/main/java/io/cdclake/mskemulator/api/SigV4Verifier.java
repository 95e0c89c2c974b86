package io.cdclake.mskemulator.api;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks the AWS Signature Version 4 of a request, as AWS does before MSK Connect sees it: the Authorization header's
 * structure, the access key, the credential scope (date, region, service {@code kafkaconnect}), the clock skew, and
 * the signature itself. The signature is verified by signing the request as received (method, raw path, query, the
 * headers it lists as signed, the body's hash) with the AWS SDK's own SigV4 signer at the request's timestamp and
 * comparing the results, so no SigV4 arithmetic is re-implemented here: any conforming client passes, whether it
 * signs {@code x-amz-content-sha256} (the SDKs) or only {@code host;x-amz-date} (the AWS CLI).
 *
 * <p>Not covered: presigned (query-string) requests, and session tokens (an {@code x-amz-security-token} header is
 * signed over like any header but not checked against STS).
 */
public final class SigV4Verifier {

    public static final String SERVICE = "kafkaconnect";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** AWS refuses requests whose timestamp is more than five minutes off. */
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final Clock clock;
    @SuppressWarnings("deprecation")
    private final Aws4Signer signer = Aws4Signer.create();

    public SigV4Verifier(String accessKeyId, String secretAccessKey, String region, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Verifies one request; {@code header} looks a header's values up by name, case-insensitively.
     *
     * @throws ApiException with AWS's error type when the request is not signed, or not signed right
     */
    public void verify(String method, String rawPath, String rawQuery, Function<String, List<String>> header, byte[] body) {
        String authorization = first(header, "Authorization");
        if (authorization == null) {
            if (rawQuery != null && rawQuery.contains("X-Amz-Signature=")) {
                throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                        "Presigned (query string) requests are not supported by the emulator: sign the Authorization header");
            }
            throw new ApiException(ErrorType.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        Authorization auth = Authorization.parse(authorization);
        if (!auth.accessKeyId().equals(accessKeyId)) {
            throw new ApiException(ErrorType.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }
        if (!auth.service().equals(SERVICE)) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE, "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!auth.region().equals(region)) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE,
                    "Credential should be scoped to a valid region, not '" + auth.region() + "'. ");
        }
        String amzDate = first(header, "X-Amz-Date");
        if (amzDate == null) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of a 'X-Amz-Date' header. Authorization=" + ALGORITHM);
        }
        Instant signedAt = parseAmzDate(amzDate);
        if (!amzDate.startsWith(auth.date())) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + auth.date() + "' != '" + amzDate.substring(0, 8) + "'");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE, "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE, "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        if (!auth.signedHeaders().contains("host")) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String expected = resign(method, rawPath, rawQuery, header, body, auth, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), auth.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(ErrorType.INVALID_SIGNATURE, "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
    }

    /**
     * The signature of the request as received: method, raw path, query, exactly the headers it lists as signed, and
     * the hash of its body. The SDK's {@code Aws4Signer} signs exactly the headers it is given; its successor
     * {@code AwsV4HttpSigner} always adds and signs {@code x-amz-content-sha256}, which the AWS CLI (botocore) neither
     * sends nor signs for this service, so it could not reproduce such a client's canonical request.
     */
    @SuppressWarnings("deprecation")
    private String resign(String method, String rawPath, String rawQuery, Function<String, List<String>> header,
                          byte[] body, Authorization auth, Instant signedAt) {
        String host = first(header, "Host");
        if (host == null) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE, "the request has no Host header");
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("http")
                .host(host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host)
                .encodedPath(rawPath.isEmpty() ? "/" : rawPath)
                .rawQueryParameters(QueryString.parse(rawQuery))
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body));
        if (host.contains(":")) {
            request.port(Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
        }
        for (String name : auth.signedHeaders()) {
            List<String> values = header.apply(name);
            if (values == null || values.isEmpty()) {
                throw new ApiException(ErrorType.INVALID_SIGNATURE, "The request signature we calculated does not match"
                        + " the signature you provided: signed header '" + name + "' is not in the request.");
            }
            request.putHeader(name, values);
        }
        SdkHttpFullRequest signed = signer.sign(request.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                .signingName(SERVICE)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        return Authorization.parse(signed.firstMatchingHeader("Authorization").orElseThrow()).signature();
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date '" + amzDate + "' is not a date of the form yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static String first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} header. */
    private record Authorization(String accessKeyId, String date, String region, String service,
                                 List<String> signedHeaders, String signature) {

        static Authorization parse(String header) {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                        "Authorization header must use the " + ALGORITHM + " (Signature Version 4) algorithm");
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parameters.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
                if (!parameters.containsKey(required)) {
                    throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                            "Authorization header requires '" + required + "' parameter. Authorization=" + ALGORITHM);
                }
            }
            String[] scope = parameters.get("Credential").split("/");
            if (scope.length != 5 || !scope[4].equals("aws4_request")) {
                throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE, "Credential must have the form"
                        + " <access key>/<yyyyMMdd>/<region>/<service>/aws4_request");
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3],
                    List.of(parameters.get("SignedHeaders").split(";")), parameters.get("Signature"));
        }
    }
}
