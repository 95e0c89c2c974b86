package io.cdclake.s3sink.write;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The three S3 requests the sink makes (put, get, exists), each retried under the {@link RetryPolicy}. A
 * request S3 refuses for good (access denied, no such bucket) fails at once; anything else (connection refused,
 * timeouts, 5xx, throttling) is retried with backoff and then reported as {@link S3Unavailable}.
 */
public final class S3Storage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    private final S3Client client;
    private final RetryPolicy retry;
    private final String endpointDescription;

    public S3Storage(S3Client client, RetryPolicy retry, String endpointDescription) {
        this.client = client;
        this.retry = retry;
        this.endpointDescription = endpointDescription;
    }

    public void put(String bucket, String key, byte[] content, String contentType) {
        call("PUT", bucket, key, () -> client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) content.length), RequestBody.fromBytes(content)));
    }

    /** The object's bytes, or empty when it does not exist. */
    public Optional<byte[]> get(String bucket, String key) {
        return call("GET", bucket, key, () -> {
            try {
                return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    public boolean exists(String bucket, String key) {
        return call("HEAD", bucket, key, () -> {
            try {
                client.headObject(b -> b.bucket(bucket).key(key));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    private <T> T call(String verb, String bucket, String key, Supplier<T> request) {
        String what = verb + " s3://" + bucket + "/" + key;
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (S3Exception e) {
                if (isPermanent(e)) {
                    throw new S3Unavailable(what + " was refused by " + endpointDescription + ": " + e.getMessage()
                            + "; check the bucket name, region, credentials and the s3:GetObject, s3:PutObject and"
                            + " s3:ListBucket permissions", e);
                }
                waitOrGiveUp(what, attempt, started, e);
            } catch (SdkException | UncheckedIOException e) {
                // the URL-connection client lets some I/O failures (a keep-alive connection the server closed)
                // through unwrapped
                waitOrGiveUp(what, attempt, started, e);
            }
        }
    }

    private void waitOrGiveUp(String what, int attempt, long started, RuntimeException e) {
        if (attempt > retry.retries()) {
            double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
            throw new S3Unavailable(String.format(Locale.ROOT, "%s failed %d times over %.1f s at %s (%s): %s;"
                            + " restart the task once S3 answers (nothing unwritten was acknowledged to Kafka)",
                    what, attempt, seconds, endpointDescription, retry, e.getMessage()), e);
        }
        Duration wait = retry.backoffBefore(attempt);
        log.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", what, attempt, retry.retries() + 1,
                e.getMessage(), wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ConnectException(what + " interrupted while waiting to retry", e);
        }
    }

    /** 4xx answers other than timeouts and throttling say the request itself is wrong. */
    private static boolean isPermanent(S3Exception e) {
        int status = e.statusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429 && !e.isThrottlingException();
    }

    @Override
    public void close() {
        client.close();
    }
}
