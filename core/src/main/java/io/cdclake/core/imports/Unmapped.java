package io.cdclake.core.imports;

/**
 * A setting of a connector file that the pipeline does not carry, and why. Never holds a secret's value.
 *
 * @param file   the file's name, without its directory
 * @param key    the connector property
 * @param reason what happens to it instead (e.g. "cdc-lake renders its own value")
 */
public record Unmapped(String file, String key, String reason) {

    /** {@code file key: reason}. */
    @Override
    public String toString() {
        return file + " " + key + ": " + reason;
    }
}
