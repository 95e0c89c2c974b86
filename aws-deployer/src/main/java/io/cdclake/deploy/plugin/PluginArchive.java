package io.cdclake.deploy.plugin;

import java.nio.file.Path;

/**
 * A plugin zip ready to upload: where it is on disk and its SHA-256, which names it in S3 and in MSK Connect, so
 * the same content is uploaded and registered once.
 *
 * @param role   what the plugin is for in the pipeline: {@code debezium} or {@code sink}
 * @param source where it came from, for the plan (e.g. "Debezium PostgreSQL 2.7.4.Final from the local Maven repository")
 */
public record PluginArchive(String role, Path zip, String sha256, long size, String source) {

    /** The object key under the plugin bucket's prefix: the content hash, then the file name people recognise. */
    public String key(String prefix) {
        String base = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
        return base + sha256 + "/" + zip.getFileName();
    }
}
