package io.cdclake.embedded;

import java.nio.file.Path;

/** The checks every server builder here makes, worded the same way: which server, which setting, the fix. */
final class BuilderChecks {

    private BuilderChecks() {
    }

    /** A TCP port, or 0 for a free one picked at start. */
    static int port(String server, String setting, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(server + ": " + setting + " " + port
                    + " is out of range; give 1..65535, or 0 for a free one");
        }
        return port;
    }

    /** @param holds what the directory holds, e.g. "the broker's log" */
    static Path requireDataDirectory(String server, Path dataDirectory, String holds) {
        if (dataDirectory == null) {
            throw new IllegalStateException(server + ": dataDirectory is not set; give the directory that holds "
                    + holds + " (created on first start) with dataDirectory(Path)");
        }
        return dataDirectory;
    }
}
