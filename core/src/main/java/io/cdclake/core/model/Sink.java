package io.cdclake.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The KCQL S3 sink: which plugin, which bucket and prefix, how objects are partitioned and stored, when they are
 * flushed and how errors are handled.
 *
 * @param connectorClass {@link #BUILT_IN_CONNECTOR} (the default) or {@link #LENSES_CONNECTOR}
 * @param prefix         the object key prefix inside the bucket, without slashes at either end; a statement may
 *                       set its own
 * @param partitionBy    KCQL {@code PARTITIONBY} fields; objects go under {@code <prefix>/<field>=<value>/...};
 *                       empty: {@code NOPARTITION}; a statement may set its own
 * @param statements     one KCQL statement per topic that differs from the defaults above; a topic without one
 *                       gets the defaults
 * @param compatibility  the Lenses release line the deployed sink belongs to: its KCQL, object names and settings
 */
public record Sink(String connectorName, String connectorClass, String bucket, String prefix,
                   List<String> partitionBy, StoreAs storeAs, Flush flush, Errors errors, List<Statement> statements,
                   Compatibility compatibility) {

    /** The project's own KCQL S3 sink (module s3-sink). */
    public static final String BUILT_IN_CONNECTOR = "io.cdclake.s3sink.S3SinkConnector";
    /** The Lenses Stream Reactor S3 sink the article uses, when its plugin is supplied. */
    public static final String LENSES_CONNECTOR = "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector";
    /** The connector classes a pipeline may name. */
    public static final List<String> CONNECTOR_CLASSES = List.of(BUILT_IN_CONNECTOR, LENSES_CONNECTOR);

    public Sink {
        partitionBy = Immutables.list(partitionBy);
        statements = Immutables.list(statements);
        connectorClass = connectorClass == null ? BUILT_IN_CONNECTOR : connectorClass;
        storeAs = storeAs == null ? StoreAs.JSON : storeAs;
        flush = flush == null ? new Flush(null, null, null) : flush;
        errors = errors == null ? Errors.DEFAULTS : errors;
        compatibility = compatibility == null ? Compatibility.LENSES_9 : compatibility;
    }

    /**
     * The Lenses S3 sink release line a pipeline is written for. The renderer writes that line's KCQL and keys, the
     * built-in sink behaves like it ({@code connect.s3.compatibility}), and a Lenses plugin of that line reads the
     * same configuration and writes the same object names.
     */
    public enum Compatibility {
        /**
         * Lenses 7.0 and later, up to today's 9.x (the default: what a user deploying Lenses today gets): flush
         * settings in {@code PROPERTIES('flush.count'=..)}, offsets padded to 12 digits in object names,
         * tombstones skipped only when {@code connect.s3.skip.null.values} says so.
         */
        LENSES_9("lenses-9"),
        /** Lenses 3.x and 4.x, the article's release: {@code WITH_FLUSH_*} clauses, unpadded offsets. */
        LENSES_3("lenses-3");

        private final String written;

        Compatibility(String written) {
            this.written = written;
        }

        /** As pipeline files and {@code connect.s3.compatibility} write it, e.g. {@code lenses-9}. */
        @Override
        public String toString() {
            return written;
        }
    }

    /**
     * The KCQL statement of one topic.
     *
     * @param prefix      its key prefix; the sink's when null
     * @param partitionBy its PARTITIONBY fields; the sink's when null; empty: {@code NOPARTITION}
     */
    public record Statement(String topic, String prefix, List<String> partitionBy) {
        public Statement {
            partitionBy = partitionBy == null ? null : Immutables.list(partitionBy);
        }
    }

    /** The statement {@code topic} is written by: its own settings where it has a statement, the defaults elsewhere. */
    public Statement statementFor(String topic) {
        Statement own = statements.stream().filter(s -> topic.equals(s.topic())).findFirst().orElse(null);
        if (own == null) {
            return new Statement(topic, prefix, partitionBy);
        }
        return new Statement(topic, own.prefix() != null ? own.prefix() : prefix,
                own.partitionBy() != null ? own.partitionBy() : partitionBy);
    }

    /** KCQL {@code STOREAS} formats (the Lenses sink's); the built-in sink writes {@code json}. */
    public enum StoreAs {
        JSON, AVRO, PARQUET, TEXT, CSV, BYTES;

        /** The name as KCQL writes it, between back-ticks. */
        public String kcql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Connect's error handling for the sink ({@code errors.tolerance}, {@code errors.log.enable}).
     *
     * @param tolerance  {@code none} (the default: a bad record stops the task) or {@code all} (skip it)
     * @param logEnable  log failed operations and problem records (the article: true)
     */
    public record Errors(Tolerance tolerance, Boolean logEnable) {
        public static final Errors DEFAULTS = new Errors(Tolerance.NONE, true);

        public Errors {
            tolerance = tolerance == null ? Tolerance.NONE : tolerance;
            logEnable = logEnable == null || logEnable;
        }

        public enum Tolerance {
            NONE, ALL;

            public String property() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().connectorName(connectorName).connectorClass(connectorClass).bucket(bucket).prefix(prefix)
                .partitionBy(partitionBy).storeAs(storeAs).flush(flush).errors(errors).statements(statements)
                .compatibility(compatibility);
    }

    public static final class Builder {
        private String connectorName;
        private String connectorClass;
        private String bucket;
        private String prefix;
        private List<String> partitionBy;
        private StoreAs storeAs;
        private Flush flush;
        private Errors errors;
        private List<Statement> statements;
        private Compatibility compatibility;

        public Builder connectorName(String connectorName) {
            this.connectorName = connectorName;
            return this;
        }

        public Builder connectorClass(String connectorClass) {
            this.connectorClass = connectorClass;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder partitionBy(List<String> partitionBy) {
            this.partitionBy = partitionBy;
            return this;
        }

        public Builder storeAs(StoreAs storeAs) {
            this.storeAs = storeAs;
            return this;
        }

        public Builder flush(Flush flush) {
            this.flush = flush;
            return this;
        }

        public Builder errors(Errors errors) {
            this.errors = errors;
            return this;
        }

        public Builder statements(List<Statement> statements) {
            this.statements = statements;
            return this;
        }

        public Builder compatibility(Compatibility compatibility) {
            this.compatibility = compatibility;
            return this;
        }

        public Sink build() {
            return new Sink(connectorName, connectorClass, bucket, prefix, partitionBy, storeAs, flush, errors,
                    statements, compatibility);
        }
    }
}
