package io.cdclake.mskemulator.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The log of one connector, a file under the emulator's data directory: what MSK Connect would deliver to
 * CloudWatch Logs, S3 or Firehose. It records the connector's state changes, its worker group's lifecycle and the
 * traces of failed connectors and tasks, mirrored to the emulator's own SLF4J log, and (see {@link ConnectorLogs})
 * the worker's own lines about the connector.
 */
public final class ConnectorLog {

    private static final Logger log = LoggerFactory.getLogger(ConnectorLog.class);

    private final Path file;
    private final String connectorName;
    private final String connectorId;
    private final Clock clock;

    private ConnectorLog(Path file, String connectorName, String connectorId, Clock clock) {
        this.file = file;
        this.connectorName = connectorName;
        this.connectorId = connectorId;
        this.clock = clock;
    }

    /** The log of a connector: {@code <directory>/<name>-<id>.log}, appended to across emulator restarts. */
    static ConnectorLog of(Path directory, String connectorName, String connectorId, Clock clock) {
        String safeName = connectorName.replaceAll("[^A-Za-z0-9._-]", "_");
        return new ConnectorLog(directory.resolve(safeName + "-" + connectorId + ".log"), connectorName, connectorId, clock);
    }

    String connectorId() {
        return connectorId;
    }

    public void info(String message) {
        log.info("Connector {}: {}", connectorName, message);
        append("INFO ", message);
    }

    public void warn(String message) {
        log.warn("Connector {}: {}", connectorName, message);
        append("WARN ", message);
    }

    /** A failure with its full trace: the trace goes to the file only. */
    public void error(String message, String trace) {
        log.warn("Connector {}: {}", connectorName, message);
        append("ERROR", trace == null ? message : message + System.lineSeparator() + trace);
    }

    /** A line a Kafka Connect worker logged about this connector; not mirrored, it is in the host's log already. */
    void worker(String level, String message) {
        append(String.format("%-5s", level), message);
    }

    private synchronized void append(String level, String message) {
        String line = clock.instant() + " " + level + " " + message + System.lineSeparator();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("Connector {}: cannot write its log {}: {}", connectorName, file, e.getMessage());
        }
    }
}
