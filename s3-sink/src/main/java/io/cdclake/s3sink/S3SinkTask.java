package io.cdclake.s3sink;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.write.BadRecordException;
import io.cdclake.s3sink.write.RecordView;
import io.cdclake.s3sink.write.S3Storage;
import io.cdclake.s3sink.write.TopicPartitionWriter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Writes the records of its assigned partitions to S3. Offsets reach Kafka only through {@link #preCommit},
 * which reports for each partition the offset below which every record is in S3; a file still being filled
 * holds its partition's commit back.
 */
public class S3SinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(S3SinkTask.class);
    private static final long PROGRESS_EVERY_MS = 30_000;

    private final LongSupplier clockMs;
    private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();
    private S3SinkConfig config;
    private S3Storage storage;
    private RecordView.Codec codec;
    private Map<String, List<KcqlStatement>> statementsByTopic;
    private Progress progress;

    public S3SinkTask() {
        // monotonic milliseconds for flush intervals: wall-clock jumps neither delay nor hasten a file
        this(() -> System.nanoTime() / 1_000_000);
    }

    /** With the clock flush intervals are measured on. */
    S3SinkTask(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        config.deprecationWarnings().forEach(log::warn);
        storage = new S3Storage(S3Clients.create(config), config.retryPolicy(), S3Clients.describe(config));
        codec = new RecordView.Codec();
        statementsByTopic = config.statements().stream()
                .collect(Collectors.groupingBy(KcqlStatement::topic, LinkedHashMap::new, Collectors.toList()));
        progress = new Progress(clockMs.getAsLong());
        log.info("{}: writing to {} ({} KCQL statements; {})", config.connectorName(), S3Clients.describe(config),
                config.statements().size(), config.retryPolicy());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            List<KcqlStatement> statements = statementsByTopic.get(tp.topic());
            if (statements == null) {
                throw new ConnectException("topic " + tp.topic() + " has no statement in " + S3SinkConfig.KCQL
                        + "; add INSERT INTO bucket:prefix SELECT * FROM " + tp.topic() + " or stop consuming it");
            }
            TopicPartitionWriter writer = TopicPartitionWriter.open(tp, statements, storage, config.indexesName(),
                    config.connectorName(), clockMs, config.skipsTombstones());
            writers.put(tp, writer);
            OptionalLong resume = writer.resumeOffset();
            if (resume.isPresent()) {
                context.offset(tp, resume.getAsLong());
            }
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            TopicPartitionWriter writer = writers.get(tp);
            if (writer == null) {
                throw new ConnectException("record of " + tp + " at offset " + record.kafkaOffset() + " belongs to no"
                        + " assigned partition; transforms that rename topics or partitions are not supported");
            }
            try {
                writer.write(codec.view(record));
            } catch (BadRecordException e) {
                handleBadRecord(record, e, writer);
            }
        }
        sealExpired(records.isEmpty());
        writeSealed();
        long now = clockMs.getAsLong();
        OptionalLong earliestDeadline = writers.values().stream().map(TopicPartitionWriter::nextDeadlineMs)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
        if (earliestDeadline.isPresent()) {
            // Connect calls put() again (with no records if none came) by then, so a lone last record is
            // written when its interval ends, not at the next offset commit.
            context.timeout(Math.max(1, earliestDeadline.getAsLong() - now + 1));
        }
        progress.maybeLog(now, writers);
    }

    /**
     * Files past their flush interval: Lenses 9 seals each partition's when one of them is due; Lenses 3.0 looks
     * only when Connect calls without records, and then writes every partition's files if any one is due.
     */
    private void sealExpired(boolean noRecords) {
        if (config.compatibility() == Compatibility.LENSES_9) {
            writers.values().forEach(TopicPartitionWriter::sealExpired);
        } else if (noRecords && writers.values().stream().anyMatch(TopicPartitionWriter::hasExpired)) {
            writers.values().forEach(TopicPartitionWriter::sealAll);
        }
    }

    /** Writes every sealed file and asks Connect to commit the offsets that became safe. */
    private void writeSealed() {
        boolean wrote = false;
        for (TopicPartitionWriter writer : writers.values()) {
            TopicPartitionWriter.Flushed flushed = writer.flush();
            if (flushed.objects() > 0) {
                wrote = true;
                progress.add(flushed);
            }
        }
        if (wrote) {
            context.requestCommit();
        }
    }

    private void handleBadRecord(SinkRecord record, BadRecordException e, TopicPartitionWriter writer) {
        if (!config.toleratesErrors()) {
            // the files the records before it completed are still written, as they would have been
            try {
                writeSealed();
            } catch (RuntimeException writeFailure) {
                e.addSuppressed(writeFailure);
            }
            throw e;
        }
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter != null) {
            reporter.report(record, e);
        } else {
            log.warn("skipping a record (errors.tolerance=all, no dead letter queue): {}", e.getMessage());
        }
        writer.skip(record.kafkaOffset());
    }

    /** For each partition, the offset below which every record is in S3. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        writers.forEach((tp, writer) -> writer.safeOffset().ifPresent(o -> safe.put(tp, new OffsetAndMetadata(o))));
        return safe;
    }

    /** Files still open are dropped: their records are read again from the committed offset by the next owner. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(writers::remove);
    }

    @Override
    public void stop() {
        writers.clear();
        if (storage != null) {
            storage.close();
        }
    }

    /** A periodic INFO line: what was written since the last one, and the offsets that are safe. */
    private static final class Progress {
        private long since;
        private long objects;
        private long records;
        private long bytes;

        Progress(long now) {
            this.since = now;
        }

        void add(TopicPartitionWriter.Flushed flushed) {
            objects += flushed.objects();
            records += flushed.records();
            bytes += flushed.bytes();
        }

        void maybeLog(long now, Map<TopicPartition, TopicPartitionWriter> writers) {
            if (now - since < PROGRESS_EVERY_MS || objects == 0) {
                return;
            }
            String offsets = writers.entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue().safeOffset().isPresent()
                            ? String.valueOf(e.getValue().safeOffset().getAsLong()) : "-"))
                    .sorted().collect(Collectors.joining(", "));
            log.info("wrote {} objects ({} records, {} KB) in the last {} s; in S3 below offsets {}", objects, records,
                    bytes / 1024, (now - since) / 1000, offsets);
            since = now;
            objects = 0;
            records = 0;
            bytes = 0;
        }
    }
}
