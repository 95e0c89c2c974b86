package io.cdclake.mskemulator.runtime;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connector log files of one emulator, {@code <directory>/<name>-<id>.log}. When Logback is the SLF4J backend,
 * the Kafka Connect workers' own log lines about a connector (those Connect tags with the {@code connector.context}
 * MDC key: the connector, its tasks, the worker acting for it) are copied into its file too, at the levels the
 * host's logging configuration enables.
 */
public final class ConnectorLogs implements AutoCloseable {

    private final Path directory;
    private final Clock clock;
    private final Map<String, ConnectorLog> byName = new ConcurrentHashMap<>();
    private final AutoCloseable routing;

    public ConnectorLogs(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        boolean logback = LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
        // LogbackRouting is only loaded when Logback is there
        this.routing = logback ? LogbackRouting.attach(name -> Optional.ofNullable(byName.get(name))) : null;
    }

    /** The log of a connector; its workers' lines are routed to it from now on. */
    public ConnectorLog of(String connectorName, String connectorId) {
        return byName.compute(connectorName, (name, known) -> known != null && known.connectorId().equals(connectorId)
                ? known : ConnectorLog.of(directory, connectorName, connectorId, clock));
    }

    /** Stops routing worker lines to a deleted connector's log (the file stays). */
    public void forget(String connectorName, String connectorId) {
        byName.computeIfPresent(connectorName, (name, known) -> known.connectorId().equals(connectorId) ? null : known);
    }

    @Override
    public void close() {
        if (routing != null) {
            try {
                routing.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot detach the connector log appender", e);
            }
        }
    }
}
