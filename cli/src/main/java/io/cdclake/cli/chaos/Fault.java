package io.cdclake.cli.chaos;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The faults a chaos run injects, by their names on the command line. */
public enum Fault {
    /** The whole runner JVM killed with SIGKILL, then started again on the same data dir. */
    RUNNER_KILL("runner-kill"),
    /** The source PostgreSQL stopped and started again (embedded, or an external one when it can be). */
    POSTGRES_RESTART("postgres-restart"),
    /** The Kafka broker stopped and started again on its log. */
    KAFKA_RESTART("kafka-restart"),
    /** The Connect worker stopped and started again (on MSK Connect: every connector's worker group). */
    CONNECT_RESTART("connect-restart"),
    /** S3 unreachable for the outage's duration (30 s by default). */
    S3_OUTAGE("s3-outage");

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Fault> of(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(Fault::label).collect(Collectors.joining(","));
    }
}
