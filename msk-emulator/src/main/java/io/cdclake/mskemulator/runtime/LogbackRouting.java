package io.cdclake.mskemulator.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;

/**
 * A Logback appender on the root logger that copies log events carrying Kafka Connect's {@code connector.context}
 * MDC value ({@code "[<connector name>|<scope>] "}) into that connector's log.
 */
final class LogbackRouting extends AppenderBase<ILoggingEvent> {

    /** The MDC key of Kafka Connect's {@code LoggingContext}. */
    private static final String CONNECTOR_CONTEXT = "connector.context";

    private final Function<String, Optional<ConnectorLog>> logs;

    private LogbackRouting(Function<String, Optional<ConnectorLog>> logs) {
        this.logs = logs;
    }

    static AutoCloseable attach(Function<String, Optional<ConnectorLog>> logs) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogbackRouting appender = new LogbackRouting(logs);
        appender.setContext(context);
        appender.setName("msk-emulator-connector-logs-" + System.identityHashCode(appender));
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return () -> {
            root.detachAppender(appender);
            appender.stop();
        };
    }

    @Override
    protected void append(ILoggingEvent event) {
        String connectorContext = event.getMDCPropertyMap().get(CONNECTOR_CONTEXT);
        if (connectorContext == null || !connectorContext.startsWith("[") || !connectorContext.contains("|")) {
            return;
        }
        String connectorName = connectorContext.substring(1, connectorContext.indexOf('|'));
        logs.apply(connectorName).ifPresent(log -> {
            String message = connectorContext + event.getLoggerName() + " - " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                message += System.lineSeparator() + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            log.worker(event.getLevel().toString(), message);
        });
    }
}
