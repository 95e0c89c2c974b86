package io.cdclake.s3sink.write;

import org.apache.kafka.connect.errors.ConnectException;

/** An S3 request that failed on every attempt, or was refused in a way retrying cannot fix. */
public final class S3Unavailable extends ConnectException {

    S3Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
