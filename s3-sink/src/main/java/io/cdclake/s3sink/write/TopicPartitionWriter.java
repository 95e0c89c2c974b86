package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.KcqlStatement;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Everything the sink does for one Kafka topic-partition: groups its records into open files by directory,
 * seals files when they are due (as the Lenses line does: {@link OpenFiles}), and writes sealed files with the
 * write-ahead index protocol:
 * <ol>
 *   <li>store the index with the new safe offset and the keys about to be written (pending);</li>
 *   <li>write the objects: directories side by side, the files of each directory one after the other;</li>
 *   <li>only then report the new safe offset to Kafka ({@link #safeOffset()}).</li>
 * </ol>
 * On open, the stored index tells where to resume and which records are already in S3 (see
 * {@link PartitionIndex}). Every write of the index is conditional on the version this writer last read or wrote
 * (S3's If-Match; If-None-Match for the first), and opening rewrites it at once: a task that has lost the
 * partition to a newer owner ("zombie") finds its next index write refused and stops before writing any object.
 */
public final class TopicPartitionWriter {

    private static final Logger log = LoggerFactory.getLogger(TopicPartitionWriter.class);
    private static final String CONTENT_TYPE = "application/json";
    /** How often opening re-reads an index that another task rewrote between this one's read and its claim. */
    private static final int CLAIM_ATTEMPTS = 3;

    private final TopicPartition tp;
    private final List<KcqlStatement> statements;
    private final S3Storage storage;
    private final String connector;
    private final String indexBucket;
    private final String indexKey;
    private final LongSupplier clockMs;
    private final boolean skipTombstones;
    private final OpenFiles open;
    private final List<OpenFile> sealed = new ArrayList<>();
    private PartitionIndex index;
    /** This session's name in the index objects it writes. */
    private final String writer;
    /** The index version this writer last read or wrote; null while none exists. */
    private String indexEtag;
    /** The offset after the last record handled in this session; -1 before the first when no index exists. */
    private long nextOffset;

    private TopicPartitionWriter(TopicPartition tp, List<KcqlStatement> statements, S3Storage storage,
                                 String connector, String indexBucket, String indexKey, LongSupplier clockMs,
                                 boolean skipTombstones, PartitionIndex index, String writer, String indexEtag) {
        this.tp = tp;
        this.statements = List.copyOf(statements);
        this.storage = storage;
        this.connector = connector;
        this.indexBucket = indexBucket;
        this.indexKey = indexKey;
        this.clockMs = clockMs;
        this.skipTombstones = skipTombstones;
        this.index = index;
        this.writer = writer;
        this.indexEtag = indexEtag;
        this.nextOffset = index.safeOffset();
        this.open = new OpenFiles(statements.get(0).line());
    }

    /**
     * Opens a topic-partition: reads its index (in the bucket of its first statement) and settles the writes a
     * previous task left pending.
     *
     * @param statements     the KCQL statements reading this topic, at least one
     * @param skipTombstones false: a record with a null value is a bad record (Lenses 9 without
     *                       {@code connect.s3.skip.null.values} fails on it too)
     */
    public static TopicPartitionWriter open(TopicPartition tp, List<KcqlStatement> statements, S3Storage storage,
                                            String indexesName, String connector, LongSupplier clockMs,
                                            boolean skipTombstones) {
        String bucket = statements.get(0).bucket();
        String key = ObjectKeys.index(indexesName, connector, tp.topic(), tp.partition());
        String location = "s3://" + bucket + "/" + key;
        for (int attempt = 1; ; attempt++) {
            Optional<S3Storage.Versioned> stored = storage.get(bucket, key);
            PartitionIndex index = settled(tp, storage, stored, location);
            String writer = UUID.randomUUID().toString();
            String etag = null;
            try {
                if (stored.isPresent()) {
                    // claiming: from now on a former owner's index write is refused
                    etag = storage.putIfUnchanged(bucket, key, index.toJson(connector, tp, writer), CONTENT_TYPE,
                            stored.get().etag());
                }
            } catch (S3Storage.PreconditionFailed e) {
                if (attempt == CLAIM_ATTEMPTS) {
                    throw new ConnectException(tp + ": " + e.getMessage() + ", " + CLAIM_ATTEMPTS + " times while"
                            + " this task opened it: another task keeps writing this partition; stop the other"
                            + " connector or worker that reads " + tp.topic() + " under the name " + connector, e);
                }
                log.info("{}: {}; reading it again", tp, e.getMessage());
                continue;
            }
            return new TopicPartitionWriter(tp, statements, storage, connector, bucket, key, clockMs, skipTombstones,
                    index, writer, etag);
        }
    }

    /** The stored index with its interrupted writes settled (kept where they landed), or an empty one. */
    private static PartitionIndex settled(TopicPartition tp, S3Storage storage, Optional<S3Storage.Versioned> stored,
                                          String location) {
        PartitionIndex index = PartitionIndex.empty();
        if (stored.isPresent()) {
            PartitionIndex found = PartitionIndex.parse(stored.get().content(), tp, location);
            List<PendingWrite> landed = new ArrayList<>();
            index = found.resolved(write -> {
                boolean exists = storage.exists(write.bucket(), write.key());
                if (exists) {
                    landed.add(write);
                }
                return exists;
            });
            log.info("{}: resuming at offset {} from {} ({} directories written beyond it; {} of {} interrupted"
                            + " writes had landed)", tp, index.safeOffset(), location, index.written().size(),
                    landed.size(), found.pending().size());
        } else {
            log.info("{}: no index at {}; starting from Kafka's committed offset", tp, location);
        }
        return index;
    }

    /** Where Kafka should resume reading: the stored safe offset, when an index exists. */
    public OptionalLong resumeOffset() {
        return index.safeOffset() >= 0 ? OptionalLong.of(index.safeOffset()) : OptionalLong.empty();
    }

    /**
     * Adds a record to the open file of each statement's directory, sealing the files that are then due. A record
     * read before in this session, or already in S3, is skipped. A bad record changes nothing.
     *
     * @throws BadRecordException when a header, key or timestamp PARTITIONBY needs is missing, the value is not
     *                            JSON, or it is a tombstone that is not to be skipped
     */
    public void write(RecordView view) {
        long offset = view.record().kafkaOffset();
        if (nextOffset >= 0 && offset < nextOffset) {
            return; // read again after the seek to the resume offset: handled already
        }
        if (view.isTombstone()) {
            if (!skipTombstones) {
                throw new BadRecordException(view.record(), "its value is null (a tombstone), which Lenses 9 fails"
                        + " on too unless told to skip it", "set connect.s3.skip.null.values=true to skip tombstones");
            }
            nextOffset = offset + 1; // a tombstone has no value to write
            return;
        }
        byte[] line = view.jsonLine();
        List<String> directories = new ArrayList<>(statements.size());
        for (KcqlStatement statement : statements) {
            directories.add(ObjectKeys.directory(statement, view.partitionValues(statement)));
        }
        long now = clockMs.getAsLong();
        boolean appended = false;
        for (int i = 0; i < statements.size(); i++) {
            KcqlStatement statement = statements.get(i);
            if (index.isWritten(OpenFile.group(statement.bucket(), directories.get(i)), offset)) {
                continue;
            }
            open.append(statement, directories.get(i), offset, now, line, view.record().timestamp());
            appended = true;
        }
        if (appended) {
            sealed.addAll(open.sealAfterRecord(now));
        }
        nextOffset = offset + 1;
    }

    /** A record Connect's error handling has taken over (dead letter queue): counts as handled. */
    public void skip(long offset) {
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /** Seals every open file when one's flush interval has ended. */
    public void sealExpired() {
        sealed.addAll(open.sealExpired(clockMs.getAsLong()));
    }

    /** Some open file's flush interval has ended. */
    public boolean hasExpired() {
        return open.hasExpired(clockMs.getAsLong());
    }

    /** Seals every open file (Lenses 3 writes them all when any file of the task is due). */
    public void sealAll() {
        sealed.addAll(open.sealAll(clockMs.getAsLong()));
    }

    /** When the earliest open file's flush interval ends. */
    public OptionalLong nextDeadlineMs() {
        return open.nextDeadlineMs();
    }

    /**
     * Writes the sealed files: index first (with the keys as pending), then the objects, each directory's in
     * sealing order, so a directory's objects land in offset order and a restart finds a gap-free prefix of them.
     *
     * @throws S3Unavailable     when S3 fails beyond the retry policy; nothing unwritten is then acknowledged
     * @throws ConnectException when another task has taken the partition over (its index changed since this task
     *                          wrote it): nothing is written
     */
    public Flushed flush() {
        if (sealed.isEmpty()) {
            return Flushed.NOTHING;
        }
        long safe = safeOffset().orElseThrow();
        List<PendingWrite> writes = new ArrayList<>(sealed.size());
        for (OpenFile file : sealed) {
            writes.add(new PendingWrite(file.bucket(), file.key(tp), file.group(), file.lastOffset()));
        }
        PartitionIndex next = index.beforeWriting(safe, writes);
        try {
            indexEtag = storage.putIfUnchanged(indexBucket, indexKey, next.toJson(connector, tp, writer), CONTENT_TYPE,
                    indexEtag);
        } catch (S3Storage.PreconditionFailed e) {
            throw new ConnectException(tp + ": " + e.getMessage() + ": another task has taken this partition over"
                    + " (a rebalance this task missed); it writes nothing more for it, and the new owner writes its"
                    + " records", e);
        }
        long records = 0;
        long bytes = 0;
        // Directories are written side by side, the files of one directory in offset order: after a crash the
        // landed files of a directory are then a prefix, which is what the index's per-directory offset assumes.
        Map<String, List<S3Storage.Put>> byDirectory = new LinkedHashMap<>();
        for (int i = 0; i < sealed.size(); i++) {
            OpenFile file = sealed.get(i);
            byDirectory.computeIfAbsent(writes.get(i).group(), g -> new ArrayList<>())
                    .add(new S3Storage.Put(file.bucket(), writes.get(i).key(), file.bytes(), CONTENT_TYPE));
            records += file.count();
            bytes += file.size();
        }
        storage.putAll(byDirectory.values());
        log.debug("{}: wrote {} objects in {} directories ({} records)", tp, sealed.size(), byDirectory.size(), records);
        index = next.completed();
        Flushed flushed = new Flushed(sealed.size(), records, bytes);
        sealed.clear();
        return flushed;
    }

    /**
     * The offset Kafka may commit: every record below it is in S3. Empty before this session has handled a
     * record of a partition that has no index.
     */
    public OptionalLong safeOffset() {
        long safe = nextOffset;
        for (OpenFile file : open.files()) {
            safe = Math.min(safe, file.firstOffset());
        }
        for (OpenFile file : sealed) {
            safe = Math.min(safe, file.firstOffset());
        }
        return safe >= 0 ? OptionalLong.of(safe) : OptionalLong.empty();
    }

    /** What one flush wrote. */
    public static final class Flushed {
        static final Flushed NOTHING = new Flushed(0, 0, 0);

        private final int objects;
        private final long records;
        private final long bytes;

        Flushed(int objects, long records, long bytes) {
            this.objects = objects;
            this.records = records;
            this.bytes = bytes;
        }

        public int objects() {
            return objects;
        }

        public long records() {
            return records;
        }

        public long bytes() {
            return bytes;
        }
    }
}
