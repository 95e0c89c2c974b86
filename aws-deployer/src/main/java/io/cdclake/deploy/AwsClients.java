package io.cdclake.deploy;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;

/**
 * The AWS SDK clients a deployment uses, closed together.
 *
 * @param kafka the MSK API (broker-type check); null where there is none (the local emulator)
 * @param sts   STS (whose credentials, which account); null where there is none (the local emulator)
 */
public record AwsClients(KafkaConnectClient mskConnect, S3Client s3, KafkaClient kafka, StsClient sts) implements AutoCloseable {

    /**
     * How to reach AWS: region, credentials, and endpoint overrides (null: the region's AWS endpoint).
     *
     * @param aws whether this is AWS itself (then MSK and STS are asked too), not the local emulator
     */
    public record Settings(Region region, AwsCredentialsProvider credentials, URI mskConnectEndpoint, URI s3Endpoint,
                           boolean aws) {
    }

    /** Opens the clients for some settings; the CLI uses {@link #open}, tests their own local endpoints. */
    @FunctionalInterface
    public interface Factory {
        AwsClients open(Settings settings);
    }

    /** The SDK's clients for {@code settings}. */
    public static AwsClients open(Settings s) {
        var msk = KafkaConnectClient.builder().region(s.region()).credentialsProvider(s.credentials());
        if (s.mskConnectEndpoint() != null) {
            msk.endpointOverride(s.mskConnectEndpoint());
        }
        S3Client s3 = s3(s.region(), s.credentials(), s.s3Endpoint());
        if (!s.aws()) {
            return new AwsClients(msk.build(), s3, null, null);
        }
        return new AwsClients(msk.build(), s3, KafkaClient.builder().region(s.region()).credentialsProvider(s.credentials()).build(),
                StsClient.builder().region(s.region()).credentialsProvider(s.credentials()).build());
    }

    /** An S3 client; {@code endpoint} null for the region's AWS endpoint, else path-style requests to it. */
    public static S3Client s3(Region region, AwsCredentialsProvider credentials, URI endpoint) {
        var s3 = S3Client.builder().region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            s3.endpointOverride(endpoint).forcePathStyle(true)
                    // a local S3 server over plain http mishandles aws-chunked uploads now and then
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
        }
        return s3.build();
    }

    @Override
    public void close() {
        mskConnect.close();
        s3.close();
        if (kafka != null) {
            kafka.close();
        }
        if (sts != null) {
            sts.close();
        }
    }
}
