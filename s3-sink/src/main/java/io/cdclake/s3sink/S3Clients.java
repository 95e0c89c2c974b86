package io.cdclake.s3sink;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;

/** Builds the S3 client a task uses from its configuration. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client create(S3SinkConfig config) {
        AwsCredentialsProvider credentials = config.usesCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(),
                config.secretKey().value()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                // Given explicitly: inside Connect's plugin class loader, the SDK's service lookup of HTTP clients
                // is not reliable, and the zip carries only this one.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // The sink retries whole requests itself (RetryPolicy), with settings the user sees.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                // S3-compatible servers do not all accept the SDK's default trailing checksums, nor its
                // aws-chunked signed uploads over plain http (S3Proxy leaves the connection unusable for the next
                // request about once in 200 PUTs): the payload is signed whole instead.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(s3 -> s3.chunkedEncodingEnabled(false)));
        return builder.build();
    }

    /** Where requests go, for messages: the endpoint, or AWS S3 in the region. */
    static String describe(S3SinkConfig config) {
        return config.endpoint().map(Object::toString).orElse("AWS S3 in " + config.region());
    }
}
