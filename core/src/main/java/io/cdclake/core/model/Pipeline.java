package io.cdclake.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CDC pipeline: PostgreSQL source, Debezium source connector, Kafka topics, KCQL S3 sink, and the
 * environments it runs in, each overriding what differs there, and the scenarios that show it works. Read one
 * from YAML with {@link PipelineYaml}; an instance may be invalid until {@code PipelineValidator} says otherwise.
 */
public record Pipeline(String name, String description, Source source, DebeziumSource debezium, Sink sink,
                       Map<String, Environment> environments, List<Scenario> scenarios) {

    public Pipeline {
        scenarios = Immutables.list(scenarios);
        Map<String, Environment> resolved = new LinkedHashMap<>();
        if (environments != null) {
            // "local:" alone is an environment with nothing to override; one named after a kind has that kind
            // unless it says otherwise
            environments.forEach((envName, env) -> {
                Environment e = env == null ? Environment.builder().build() : env;
                resolved.put(envName, e.kind() == null && Environment.Kind.ofName(envName) != null
                        ? e.toBuilder().kind(Environment.Kind.ofName(envName)).build() : e);
            });
        }
        environments = Immutables.map(resolved);
    }

    /** The Kafka topic Debezium writes {@code table} ({@code schema.table}) to: {@code <prefix>.<schema>.<table>}. */
    public String topic(String table) {
        return debezium.topicPrefix() + "." + table;
    }

    /** The topics of all captured tables, in table order. */
    public List<String> topics() {
        return source.tables().stream().map(this::topic).toList();
    }

    /** The key prefixes the sink writes under, one per distinct prefix of the topics' statements, in topic order. */
    public List<String> sinkPrefixes() {
        return topics().stream().map(t -> sink.statementFor(t).prefix()).distinct().toList();
    }

    /** The named environment, or an error naming the ones the pipeline declares. */
    public Environment environment(String environmentName) {
        Environment env = environments.get(environmentName);
        if (env == null) {
            throw new IllegalArgumentException("environment '" + environmentName + "' is not in pipeline '" + name
                    + "'; it declares " + (environments.isEmpty() ? "none" : String.join(", ", environments.keySet())));
        }
        return env;
    }

    /** The sink's flush policy in an environment: the environment's values over the pipeline's. */
    public Flush flush(String environmentName) {
        return sink.flush().overriddenBy(environment(environmentName).flush());
    }

    /** The source connector's tuning in an environment: the environment's settings over the pipeline's. */
    public DebeziumSource.Tuning tuning(String environmentName) {
        return debezium.tuning().overriddenBy(environment(environmentName).tuning());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).description(description).source(source).debezium(debezium).sink(sink)
                .environments(environments).scenarios(scenarios);
    }

    public static final class Builder {
        private String name;
        private String description;
        private Source source;
        private DebeziumSource debezium;
        private Sink sink;
        private final Map<String, Environment> environments = new LinkedHashMap<>();
        private List<Scenario> scenarios;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder source(Source source) {
            this.source = source;
            return this;
        }

        public Builder debezium(DebeziumSource debezium) {
            this.debezium = debezium;
            return this;
        }

        public Builder sink(Sink sink) {
            this.sink = sink;
            return this;
        }

        /** Replaces all environments. */
        public Builder environments(Map<String, Environment> environments) {
            this.environments.clear();
            this.environments.putAll(environments);
            return this;
        }

        /** Adds or replaces one environment. */
        public Builder environment(String environmentName, Environment environment) {
            this.environments.put(environmentName, environment);
            return this;
        }

        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Pipeline build() {
            return new Pipeline(name, description, source, debezium, sink, environments, scenarios);
        }
    }
}
