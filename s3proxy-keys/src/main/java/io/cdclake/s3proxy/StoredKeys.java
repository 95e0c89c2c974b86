package io.cdclake.s3proxy;

/**
 * Maps an S3 object key onto a name S3Proxy's filesystem store keeps as it is, and back. That store turns a key
 * into a file path, so a key with a leading {@code /} resolves outside the bucket and {@code a//b} collapses to
 * {@code a/b}; S3 keeps both, and the Lenses S3 sink writes both ({@code /t(0_1).json} without a prefix,
 * {@code p//t(0_1).json} for NOPARTITION). An empty segment before a {@code /} is stored as {@code %}, and every
 * {@code %} of the key as {@code %25}, so the mapping is one to one, and a key and any of its prefixes map alike,
 * which listings by prefix need. The last segment is never empty-marked: a key ending in {@code /} stays a
 * directory marker.
 */
public final class StoredKeys {

    private static final String EMPTY_SEGMENT = "%";
    private static final String PERCENT = "%25";

    private StoredKeys() {
    }

    /** The stored name of a whole key. */
    public static String encode(String key) {
        return key == null ? null : encodePrefix(key);
    }

    /**
     * The stored form of a listing prefix: every name whose key starts with {@code prefix} starts with it.
     * A prefix is mapped segment by segment like a key, its last (partial) segment escaped only.
     */
    public static String encodePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || (prefix.indexOf('%') < 0 && !prefix.startsWith("/")
                && !prefix.contains("//"))) {
            return prefix; // the common case: nothing to map
        }
        String[] segments = prefix.split("/", -1);
        StringBuilder stored = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                stored.append('/');
            }
            boolean last = i == segments.length - 1;
            stored.append(segments[i].isEmpty() && !last ? EMPTY_SEGMENT : segments[i].replace("%", PERCENT));
        }
        return stored.toString();
    }

    /** The key a stored name (of an object or a common prefix) stands for. */
    public static String decode(String stored) {
        if (stored == null || stored.indexOf('%') < 0) {
            return stored;
        }
        String[] segments = stored.split("/", -1);
        StringBuilder key = new StringBuilder(stored.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                key.append('/');
            }
            if (!segments[i].equals(EMPTY_SEGMENT)) {
                key.append(segments[i].replace(PERCENT, "%"));
            }
        }
        return key.toString();
    }
}
