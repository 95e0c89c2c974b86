package io.cdclake.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline's bucket on an S3 endpoint, as the sink writes it and as a person inspects it: list objects
 * under a prefix, read one, count the JSON records. The sink's own bookkeeping objects (its index under
 * {@code .indexes/}) are not data and are left out of listings.
 */
public final class SinkBucket implements AutoCloseable {

    /** One data object: its key and size in bytes. */
    public record Entry(String key, long size) {
    }

    private final S3Client s3;
    private final String bucket;

    public SinkBucket(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                // S3Proxy over plain http mishandles aws-chunked uploads now and then: plain, whole-body requests.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket unless it is there already. */
    public void create() {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // a resumed runtime: the bucket and its objects are kept
        } catch (SdkException e) {
            if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket))) {
                throw new IllegalStateException("creating bucket '" + bucket + "': " + e.getMessage(), e);
            }
        }
    }

    /** Data objects under {@code prefix} (empty for all), in key order. */
    public List<Entry> list(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix == null ? "" : prefix))
                .contents().stream()
                .filter(o -> !isBookkeeping(o))
                .map(o -> new Entry(o.key(), o.size()))
                .toList();
    }

    public String read(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("no object '" + key + "' in bucket '" + bucket
                    + "'; list them with './cdclake s3 ls'");
        }
    }

    /** Writes {@code content} as object {@code key}, replacing any object of that name. */
    public void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) content.length), RequestBody.fromBytes(content));
    }

    private static boolean isBookkeeping(S3Object o) {
        return o.key().contains("/.indexes/") || o.key().startsWith(".indexes/");
    }

    @Override
    public void close() {
        s3.close();
    }
}
