package io.cdclake.s3sink;

import io.cdclake.s3sink.kcql.KcqlStatement;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Kafka Connect sink that accepts the Lenses S3 sink's configuration (KCQL in {@code connect.s3.kcql}) and
 * writes the same objects: JSON Lines files under {@code <prefix>/<field>=<value>/...}, exactly once.
 */
public class S3SinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(S3SinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        S3SinkConfig config = new S3SinkConfig(props);
        config.deprecationWarnings().forEach(log::warn);
        for (KcqlStatement statement : config.statements()) {
            log.info("{}: {}", config.connectorName(), statement);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3SinkTask.class;
    }

    /** Every task gets the whole configuration; Kafka's consumer group shares the partitions among them. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // no resources: the tasks own the S3 clients
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }

    /** Each setting's own checks (ConfigDef), then the checks spanning several settings, on the setting at fault. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        S3SinkConfig.problems(connectorConfigs, values).forEach((name, problems) -> {
            ConfigValue value = values.get(name);
            for (String problem : problems) {
                if (!value.errorMessages().contains(problem)) {
                    value.addErrorMessage(problem);
                }
            }
        });
        return config;
    }
}
