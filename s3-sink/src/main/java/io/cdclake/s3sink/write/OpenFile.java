package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.FlushPolicy;
import io.cdclake.s3sink.kcql.KcqlStatement;
import org.apache.kafka.common.TopicPartition;

import java.io.ByteArrayOutputStream;

/**
 * The records of one directory of one topic-partition not yet written to S3, in offset order, as JSON Lines.
 * It is due when it holds the flush count or size, or when its flush interval has passed: counted from its first
 * record, or (Lenses 9) from when the previous file of its directory was sealed ({@link OpenFiles}).
 */
final class OpenFile {

    private final KcqlStatement statement;
    private final String directory;
    private final FlushPolicy flush;
    private final long intervalFromMs;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final long firstOffset;
    private long lastOffset;
    private long count;
    private long earliestTimestamp = Long.MAX_VALUE;
    private long latestTimestamp = Long.MIN_VALUE;

    /** @param intervalFromMs when its flush interval starts */
    OpenFile(KcqlStatement statement, String directory, long firstOffset, long intervalFromMs) {
        this.statement = statement;
        this.directory = directory;
        this.flush = statement.flush();
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset;
        this.intervalFromMs = intervalFromMs;
    }

    /** @param timestamp the record's, or null when it has none */
    void append(byte[] line, long offset, Long timestamp) {
        content.write(line, 0, line.length);
        lastOffset = offset;
        count++;
        if (timestamp != null) {
            earliestTimestamp = Math.min(earliestTimestamp, timestamp);
            latestTimestamp = Math.max(latestTimestamp, timestamp);
        }
    }

    /**
     * Its object key: the directory, then a name carrying the last offset (and, by Lenses 9 without PARTITIONBY,
     * the earliest and latest record timestamps; 0 when the records have none).
     */
    String key(TopicPartition tp) {
        boolean timed = earliestTimestamp != Long.MAX_VALUE;
        return ObjectKeys.file(statement, directory, tp.topic(), tp.partition(), lastOffset,
                timed ? earliestTimestamp : 0, timed ? latestTimestamp : 0);
    }

    /** Reached the flush count or size: takes no more records. */
    boolean isFull() {
        return count >= flush.count() || content.size() >= flush.sizeBytes();
    }

    /** When its flush interval ends. */
    long deadlineMs() {
        return intervalFromMs + flush.interval().toMillis();
    }

    /** Full, or its flush interval has ended. */
    boolean isDue(long nowMs) {
        return isFull() || deadlineMs() <= nowMs;
    }

    String bucket() {
        return statement.bucket();
    }

    /** Identifies the directory across statements: bucket and key directory. */
    String group() {
        return group(statement.bucket(), directory);
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
