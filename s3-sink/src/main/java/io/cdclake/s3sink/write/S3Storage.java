package io.cdclake.s3sink.write;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The S3 requests the sink makes (put, conditional put, get, exists), each retried under the {@link RetryPolicy}. A
 * request S3 refuses for good (access denied, no such bucket) fails at once; anything else (connection refused,
 * timeouts, 5xx, throttling) is retried with backoff and then reported as {@link S3Unavailable}.
 */
public final class S3Storage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    /**
     * PUTs of one flush in flight at once. A layout partitioned per order turns a flush into hundreds of small
     * objects, whose round trips, not bandwidth, bound how long the flush takes.
     */
    static final int PARALLEL_PUTS = 4;

    private final S3Client client;
    private final RetryPolicy retry;
    private final String endpointDescription;
    private final ExecutorService putters;

    public S3Storage(S3Client client, RetryPolicy retry, String endpointDescription) {
        this.client = client;
        this.retry = retry;
        this.endpointDescription = endpointDescription;
        AtomicInteger threads = new AtomicInteger();
        this.putters = Executors.newFixedThreadPool(PARALLEL_PUTS, r -> {
            Thread t = new Thread(r, "s3-sink-put-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One object to write. */
    public static final class Put {
        final String bucket;
        final String key;
        final byte[] content;
        final String contentType;

        public Put(String bucket, String key, byte[] content, String contentType) {
            this.bucket = bucket;
            this.key = key;
            this.content = content;
            this.contentType = contentType;
        }
    }

    /**
     * Writes sequences of objects side by side, {@link #PARALLEL_PUTS} at a time, each object in a sequence only
     * after the one before it, each retried as {@link #put} is. Returns once all are written; when any failed,
     * once the others have stopped too, with the first failure.
     */
    public void putAll(Collection<List<Put>> sequences) {
        if (sequences.size() == 1) {
            sequences.iterator().next().forEach(this::put);
            return;
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>(sequences.size());
        for (List<Put> sequence : sequences) {
            writes.add(CompletableFuture.runAsync(() -> sequence.forEach(this::put), putters));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> write : writes) {
            try {
                write.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void put(Put p) {
        put(p.bucket, p.key, p.content, p.contentType);
    }

    public void put(String bucket, String key, byte[] content, String contentType) {
        call("PUT", bucket, key, () -> client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) content.length), RequestBody.fromBytes(content)));
    }

    /** An object's content and the ETag S3 gave that version of it. */
    public static final class Versioned {
        private final byte[] content;
        private final String etag;

        Versioned(byte[] content, String etag) {
            this.content = content;
            this.etag = etag;
        }

        public byte[] content() {
            return content;
        }

        public String etag() {
            return etag;
        }
    }

    /** The object's bytes and ETag, or empty when it does not exist. */
    public Optional<Versioned> get(String bucket, String key) {
        return call("GET", bucket, key, () -> {
            try {
                ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                return Optional.of(new Versioned(object.asByteArray(), object.response().eTag()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Writes the object only if it is still the version {@code etag} names (S3's If-Match), or, for a null
     * {@code etag}, only if it does not exist (If-None-Match: *), and returns the new version's ETag. This is
     * how a task that lost its partition to another (a "zombie") is kept from overwriting the newer owner's
     * state: S3 refuses its write with 412.
     *
     * @throws PreconditionFailed when another writer changed (or created) the object since
     */
    public String putIfUnchanged(String bucket, String key, byte[] content, String contentType, String etag) {
        String written = call("PUT", bucket, key, () -> {
            try {
                return client.putObject(b -> {
                    b.bucket(bucket).key(key).contentType(contentType).contentLength((long) content.length);
                    if (etag == null) {
                        b.ifNoneMatch("*");
                    } else {
                        b.ifMatch(etag);
                    }
                }, RequestBody.fromBytes(content)).eTag();
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return null;
                }
                throw e;
            }
        });
        if (written != null) {
            return written;
        }
        // A retried request whose first attempt did land also meets a failed precondition: that one is ours.
        Optional<Versioned> now = get(bucket, key);
        if (now.isPresent() && Arrays.equals(now.get().content(), content)) {
            return now.get().etag();
        }
        throw new PreconditionFailed("s3://" + bucket + "/" + key);
    }

    /** S3 refused a conditional write: the object is not the version the writer last saw. */
    public static final class PreconditionFailed extends RuntimeException {
        PreconditionFailed(String location) {
            super(location + " changed since this task last read or wrote it");
        }
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
        putters.shutdownNow();
        client.close();
    }
}
