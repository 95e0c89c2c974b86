package io.cdclake.deploy.plugin;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a user-given plugin archive is: a file, an http(s) URL or an S3 object ({@code s3://bucket/key}).
 *
 * @param text as the user wrote it (shown in the plan)
 */
public record PluginLocation(Kind kind, String text) {

    public enum Kind { FILE, URL, S3 }

    public static PluginLocation parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            return new PluginLocation(Kind.S3, text);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new PluginLocation(Kind.URL, text);
        }
        return new PluginLocation(Kind.FILE, text);
    }

    public Path file() {
        return Path.of(text);
    }

    public URI uri() {
        return URI.create(text);
    }

    /** The S3 bucket of an {@code s3://bucket/key} location. */
    public String bucket() {
        return uri().getHost();
    }

    /** The S3 key of an {@code s3://bucket/key} location. */
    public String key() {
        String path = uri().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The file name at the end of the location. */
    public String fileName() {
        String path = kind == Kind.FILE ? text : uri().getPath();
        String name = path == null ? "" : path.substring(path.replace('\\', '/').lastIndexOf('/') + 1);
        return name.isEmpty() ? "plugin" : name;
    }

    @Override
    public String toString() {
        return text;
    }
}
