package io.cdclake.core.imports;

/**
 * Connector files that cannot become a pipeline: a line per problem naming the file, the key, what is wrong and
 * the fix. The message never carries a secret's value.
 */
public final class ImportException extends RuntimeException {

    public ImportException(String file, String key, String message, String fix) {
        super(line(file, key, message, fix));
    }

    /** Several problems, one line each (see {@link #line}). */
    ImportException(java.util.List<String> lines) {
        super(String.join("\n", lines));
    }

    static String line(String file, String key, String message, String fix) {
        return file + ": " + key + ": " + message + ". Fix: " + fix;
    }
}
