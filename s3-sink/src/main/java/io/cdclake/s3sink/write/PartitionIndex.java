package io.cdclake.s3sink.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What one topic-partition has durably written, as kept in its write-ahead index object:
 * <ul>
 *   <li>{@code safeOffset}: every record below it is in S3 (or was deliberately skipped); a restart resumes
 *   reading here;</li>
 *   <li>{@code written}: for each directory (bucket + key directory) written at or beyond {@code safeOffset},
 *   the offset of the last record in its latest object: records of that directory up to it are in S3, as a
 *   directory's objects hold its records in offset order with no gaps;</li>
 *   <li>{@code pending}: the objects a flush was writing when the index was last stored. Each is confirmed by
 *   its existence on restart (an S3 PUT is atomic: the object is all there or absent).</li>
 * </ul>
 * A record re-read after a restart is skipped for a directory whose {@code written} offset covers it, and
 * written again for the others, so no record is repeated or lost whatever the new batch boundaries.
 */
final class PartitionIndex {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int VERSION = 1;

    private final long safeOffset;
    private final Map<String, Long> written;
    private final List<PendingWrite> pending;

    private PartitionIndex(long safeOffset, Map<String, Long> written, List<PendingWrite> pending) {
        this.safeOffset = safeOffset;
        this.written = Collections.unmodifiableMap(new TreeMap<>(written));
        this.pending = List.copyOf(pending);
    }

    /** A topic-partition the sink has never written. */
    static PartitionIndex empty() {
        return new PartitionIndex(-1, Map.of(), List.of());
    }

    long safeOffset() {
        return safeOffset;
    }

    Map<String, Long> written() {
        return written;
    }

    List<PendingWrite> pending() {
        return pending;
    }

    /** Whether the record at {@code offset} is already in an object of directory {@code group}. */
    boolean isWritten(String group, long offset) {
        Long last = written.get(group);
        return last != null && offset <= last;
    }

    /**
     * The index to store before writing {@code writes}: the new safe offset, completed writes kept only where a
     * re-read from the safe offset can still meet them.
     */
    PartitionIndex beforeWriting(long newSafeOffset, List<PendingWrite> writes) {
        Map<String, Long> kept = new TreeMap<>();
        written.forEach((group, last) -> {
            if (last >= newSafeOffset) {
                kept.put(group, last);
            }
        });
        return new PartitionIndex(newSafeOffset, kept, writes);
    }

    /** The index once every pending write has landed. */
    PartitionIndex completed() {
        return confirm(pending);
    }

    /** On restart: keeps the pending writes whose objects exist, forgets those that never landed. */
    PartitionIndex resolved(Predicate<PendingWrite> landed) {
        List<PendingWrite> confirmed = new ArrayList<>();
        for (PendingWrite write : pending) {
            if (landed.test(write)) {
                confirmed.add(write);
            }
        }
        return confirm(confirmed);
    }

    private PartitionIndex confirm(List<PendingWrite> landed) {
        Map<String, Long> merged = new TreeMap<>(written);
        for (PendingWrite write : landed) {
            merged.merge(write.group(), write.lastOffset(), Math::max);
        }
        return new PartitionIndex(safeOffset, merged, List.of());
    }

    /**
     * @param writer names the task session that writes it, so that a retried conditional write can tell its own
     *               landed first attempt from another writer's
     */
    byte[] toJson(String connector, TopicPartition tp, String writer) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("connector", connector);
        root.put("writer", writer);
        root.put("topic", tp.topic());
        root.put("partition", tp.partition());
        root.put("safeOffset", safeOffset);
        ObjectNode writtenNode = root.putObject("written");
        written.forEach(writtenNode::put);
        ArrayNode pendingNode = root.putArray("pending");
        for (PendingWrite write : pending) {
            pendingNode.addObject().put("bucket", write.bucket()).put("key", write.key())
                    .put("group", write.group()).put("lastOffset", write.lastOffset());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the index of " + tp, e);
        }
    }

    /** @throws ConnectException when the object is not an index of this topic-partition */
    static PartitionIndex parse(byte[] json, TopicPartition tp, String location) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.path("version").asInt() != VERSION || !tp.topic().equals(root.path("topic").asText())
                    || tp.partition() != root.path("partition").asInt(-1) || !root.path("safeOffset").isIntegralNumber()) {
                throw new ConnectException("index object " + location + " is not a version " + VERSION + " index of "
                        + tp + "; move it away to start this partition afresh from Kafka's committed offset");
            }
            Map<String, Long> written = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = root.path("written").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                written.put(e.getKey(), e.getValue().asLong());
            }
            List<PendingWrite> pending = new ArrayList<>();
            for (JsonNode p : root.path("pending")) {
                pending.add(new PendingWrite(p.path("bucket").asText(), p.path("key").asText(), p.path("group").asText(),
                        p.path("lastOffset").asLong()));
            }
            return new PartitionIndex(root.path("safeOffset").asLong(), written, pending);
        } catch (IOException e) {
            throw new ConnectException("index object " + location + " is not JSON (" + e.getMessage()
                    + "); move it away to start this partition afresh from Kafka's committed offset", e);
        }
    }
}
