package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.FlushPolicy;

import java.io.ByteArrayOutputStream;

/**
 * The records of one directory of one topic-partition not yet written to S3, in offset order, as JSON Lines.
 * It is due when it holds the flush count or size, or when the flush interval has passed since its first record.
 */
final class OpenFile {

    private final String bucket;
    private final String directory;
    private final FlushPolicy flush;
    private final long openedAtMs;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final long firstOffset;
    private long lastOffset;
    private long count;

    OpenFile(String bucket, String directory, FlushPolicy flush, long firstOffset, long openedAtMs) {
        this.bucket = bucket;
        this.directory = directory;
        this.flush = flush;
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset;
        this.openedAtMs = openedAtMs;
    }

    void append(byte[] line, long offset) {
        content.write(line, 0, line.length);
        lastOffset = offset;
        count++;
    }

    /** Reached the flush count or size: takes no more records. */
    boolean isFull() {
        return count >= flush.count() || content.size() >= flush.sizeBytes();
    }

    /** When the flush interval, counted from the first record, ends. */
    long deadlineMs() {
        return openedAtMs + flush.interval().toMillis();
    }

    String bucket() {
        return bucket;
    }

    String directory() {
        return directory;
    }

    /** Identifies the directory across statements: bucket and key directory. */
    String group() {
        return group(bucket, directory);
    }

    static String group(String bucket, String directory) {
        return bucket + "/" + directory;
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long count() {
        return count;
    }

    byte[] bytes() {
        return content.toByteArray();
    }

    int size() {
        return content.size();
    }
}
