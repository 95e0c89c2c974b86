package io.cdclake.local;

import io.cdclake.core.model.Environment;
import io.cdclake.core.runtime.Endpoints;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Objects;

/**
 * An S3 endpoint and how to sign for it: where the local runtime and everything that reads its bucket make their S3
 * clients. The keys are a local server's own (the embedded one, a LocalStack container); any other endpoint signs
 * with credentials from the AWS SDK's usual places, a named profile or the default chain, and only that choice is
 * ever written down. {@link #toString()} never shows the secret key.
 *
 * @param profile the AWS profile signing for an external endpoint; with no keys and no profile, the default chain
 */
public record S3Endpoint(URI url, String region, String accessKey, String secretKey, String profile) {

    /** The region of an external endpoint when neither the pipeline nor the command line names one. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Endpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(region, "region");
        if ((accessKey == null) != (secretKey == null) || accessKey != null && profile != null) {
            throw new IllegalArgumentException("give both keys, a profile, or neither (the default chain)");
        }
    }

    /** A local server's endpoint with its own keys. */
    public static S3Endpoint local(URI url, String region, String accessKey, String secretKey) {
        return new S3Endpoint(url, region, Objects.requireNonNull(accessKey, "accessKey"),
                Objects.requireNonNull(secretKey, "secretKey"), null);
    }

    /** Any S3 endpoint, signed for with {@code profile}'s credentials, or the default chain's when it is null. */
    public static S3Endpoint external(URI url, String region, String profile) {
        return new S3Endpoint(url, region, null, null, profile);
    }

    /** The endpoint a running runtime wrote to its endpoints.json. */
    public static S3Endpoint of(Endpoints.S3 s3) {
        return new S3Endpoint(URI.create(s3.endpoint()), s3.region(), s3.accessKey(), s3.secretKey(), s3.profile());
    }

    /** What endpoints.json says of it: a user's credentials only by where they come from. */
    public Endpoints.S3 toEndpoints(String bucket) {
        return new Endpoints.S3(url.toString(), region, accessKey, secretKey, bucket, profile);
    }

    /** Whether this is a local server with keys of its own, rather than an endpoint signed for with a user's. */
    public boolean ownKeys() {
        return accessKey != null;
    }

    /** Whether requests name the bucket in the path (every S3-compatible server) rather than the host (AWS S3). */
    public boolean pathStyle() {
        return Environment.LocalS3.pathStyle(url.toString());
    }

    public AwsCredentialsProvider credentials() {
        return ownKeys() ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : profile != null ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
    }

    /**
     * The credentials, resolved now: a missing profile or an empty default chain is one line naming the fix, before
     * anything is started.
     */
    public AwsCredentials resolveCredentials() {
        try {
            return credentials().resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException(profile != null
                    ? "--s3-profile " + profile + ": the AWS config files give no credentials for it; add them with"
                            + " 'aws configure --profile " + profile + "', or name another profile"
                    : "--s3-endpoint " + url + ": the AWS SDK's default chain finds no credentials; set"
                            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or pass --s3-profile", e);
        }
    }

    /** Where the credentials come from, for people: the key id of a local server, or the profile or chain. */
    public String credentialsSource() {
        return ownKeys() ? "access key " + accessKey : profile != null ? "profile " + profile : "the default chain";
    }

    /** A client for this endpoint; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(url)
                .region(Region.of(region))
                .forcePathStyle(pathStyle())
                // S3Proxy over plain http mishandles aws-chunked uploads now and then: plain, whole-body requests.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public String toString() {
        return url + " (" + region + ", " + credentialsSource() + ")";
    }
}
