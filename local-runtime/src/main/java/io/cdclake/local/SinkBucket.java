package io.cdclake.local;

import io.cdclake.core.runtime.Endpoints;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's bucket on an S3 endpoint, as the sink writes it and as a person inspects it: list objects
 * under a prefix, read one, count the JSON records. The sink's own bookkeeping objects (its index under
 * {@code .indexes/}) are not data and are left out of listings.
 */
public final class SinkBucket implements AutoCloseable {

    /** One data object: its key and size in bytes. */
    public record Entry(String key, long size) {
    }

    private final S3Endpoint endpoint;
    private final S3Client s3;
    private final String bucket;

    public SinkBucket(S3Endpoint endpoint, String bucket) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.s3 = endpoint.client();
    }

    /** The bucket of the runtime that wrote {@code s3} to its endpoints.json. */
    public static SinkBucket of(Endpoints.S3 s3) {
        return new SinkBucket(S3Endpoint.of(s3), s3.bucket());
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

    /**
     * Asks the endpoint for the bucket, so that an endpoint that does not answer or refuses the credentials is one
     * line naming the fix before anything is created.
     *
     * @return whether the bucket exists
     */
    public boolean probe() {
        endpoint.resolveCredentials();
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            return switch (e.statusCode()) {
                case 404 -> false;
                case 301, 400 -> throw new IllegalStateException("--s3-endpoint " + endpoint.url() + ": bucket "
                        + bucket + " is not in region " + endpoint.region() + " (" + e.statusCode() + "); pass the"
                        + " bucket's region with --s3-region, or set environments.local.region", e);
                case 401, 403 -> throw new IllegalStateException("--s3-endpoint " + endpoint.url() + " refused the"
                        + " credentials of " + endpoint.credentialsSource() + " for bucket " + bucket + " ("
                        + e.statusCode() + "); give credentials that may use it (AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or --s3-profile), or another sink.bucket", e);
                default -> throw new IllegalStateException("--s3-endpoint " + endpoint.url() + " answered "
                        + e.statusCode() + " for bucket " + bucket + "; check that it is an S3 endpoint", e);
            };
        } catch (SdkClientException e) {
            throw new IllegalStateException("--s3-endpoint " + endpoint.url() + " does not answer ("
                    + rootMessage(e) + "); start the S3 server, or fix the URL", e);
        }
    }

    /** Any object under {@code prefix}, the sink's bookkeeping included: whether something wrote there before. */
    public Optional<String> anyKey(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).contents().stream()
                .map(S3Object::key).findFirst();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
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
