package io.cdclake.bench;

import io.cdclake.local.SinkBucket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What has landed under one prefix of the bucket, looked at again and again: each look lists the prefix and reads
 * only the objects it has not seen (the sink never rewrites an object: each name carries its last offset), so
 * counting stays cheap while objects pile up.
 */
final class SinkTally {

    private final SinkBucket bucket;
    private final String prefix;
    private final Map<String, SinkBucket.Entry> seen = new LinkedHashMap<>();
    private long records;

    /** @param prefix a key prefix: empty for the whole bucket, else usually ending with '/' */
    SinkTally(SinkBucket bucket, String prefix) {
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** Objects that appeared since the last look. */
    List<String> newKeys() {
        List<String> fresh = new ArrayList<>();
        for (SinkBucket.Entry e : bucket.list(prefix)) {
            if (seen.putIfAbsent(e.key(), e) == null) {
                fresh.add(e.key());
            }
        }
        return fresh;
    }

    /** Every object seen so far, with its size. */
    List<SinkBucket.Entry> objects() {
        return List.copyOf(seen.values());
    }

    /** JSON records (non-blank lines) in every object under the prefix. */
    long records() {
        for (String key : newKeys()) {
            try {
                records += bucket.read(key).lines().filter(l -> !l.isBlank()).count();
            } catch (IllegalArgumentException gone) {
                // listed while the server still wrote it under a temporary name: counted on a later look
                seen.remove(key);
            }
        }
        return records;
    }
}
