package io.cdclake.s3sink.write;

import java.util.Objects;

/** An object the sink is about to write: recorded in the index first, so a restart can tell whether it landed. */
final class PendingWrite {

    private final String bucket;
    private final String key;
    private final String group;
    private final long lastOffset;

    PendingWrite(String bucket, String key, String group, long lastOffset) {
        this.bucket = bucket;
        this.key = key;
        this.group = group;
        this.lastOffset = lastOffset;
    }

    String bucket() {
        return bucket;
    }

    String key() {
        return key;
    }

    String group() {
        return group;
    }

    long lastOffset() {
        return lastOffset;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PendingWrite)) {
            return false;
        }
        PendingWrite other = (PendingWrite) o;
        return lastOffset == other.lastOffset && bucket.equals(other.bucket) && key.equals(other.key)
                && group.equals(other.group);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, key, group, lastOffset);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
