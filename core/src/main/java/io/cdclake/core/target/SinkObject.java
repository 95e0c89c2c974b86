package io.cdclake.core.target;

/** An object in the sink's bucket: its key and size in bytes. */
public record SinkObject(String key, long size) {
}
