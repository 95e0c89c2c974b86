package io.cdclake.s3sink;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class S3SinkConnectorTest {

    @Test
    void theArticlesConfigurationIsValid() {
        assertThat(errors(new S3SinkConnector().validate(BadConfigurations.good()))).isEmpty();
    }

    static List<BadConfigurations.Case> badConfigurations() {
        return BadConfigurations.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void refusesABadValueOnItsSetting(BadConfigurations.Case bad) {
        Map<String, List<String>> errors = errors(new S3SinkConnector().validate(bad.apply(BadConfigurations.good())));

        assertThat(errors).containsOnlyKeys(bad.field());
        assertThat(errors.get(bad.field())).anySatisfy(m -> assertThat(m).contains(bad.message()));
        assertThat(errors.values().stream().flatMap(List::stream)).noneMatch(m -> m.contains(BadConfigurations.SECRET));
    }

    @Test
    void eachBadConfigurationHasItsOwnMessage() {
        assertThat(BadConfigurations.all()).hasSizeGreaterThanOrEqualTo(10)
                .extracting(BadConfigurations.Case::message).doesNotHaveDuplicates();
    }

    @Test
    void aMissingRegionIsRefusedUnlessTheWorkerHasOne() {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null,
                "the worker environment names a region");
        Map<String, String> config = BadConfigurations.good();
        config.remove("connect.s3.aws.region");

        assertThat(errors(new S3SinkConnector().validate(config)))
                .containsOnlyKeys("connect.s3.aws.region")
                .hasEntrySatisfying("connect.s3.aws.region", m -> assertThat(m).singleElement().asString()
                        .contains("connect.s3.aws.region is not set (nor aws.region, nor AWS_REGION on the worker)"));
    }

    @Test
    void theArticlesOlderKeysAreAcceptedWithAWarning() {
        Map<String, String> config = BadConfigurations.good();
        config.remove("connect.s3.aws.region");
        config.remove("connect.s3.custom.endpoint");
        config.put("aws.region", "ap-southeast-2");
        config.put("aws.custom.endpoint", "https://s3.ap-southeast-2.amazonaws.com/");

        assertThat(errors(new S3SinkConnector().validate(config))).isEmpty();
        S3SinkConfig parsed = new S3SinkConfig(config);
        assertThat(parsed.region()).isEqualTo("ap-southeast-2");
        assertThat(parsed.endpoint()).contains(URI.create("https://s3.ap-southeast-2.amazonaws.com"));
        assertThat(parsed.deprecationWarnings()).containsExactly(
                "aws.custom.endpoint is deprecated; use connect.s3.custom.endpoint instead",
                "aws.region is deprecated; use connect.s3.aws.region instead");
    }

    @Test
    void startingWithABadConfigurationFailsWithTheSameWords() {
        Map<String, String> config = BadConfigurations.good();
        config.remove("connect.s3.aws.access.key");

        assertThatThrownBy(() -> new S3SinkConnector().start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("connect.s3.aws.access.key is required when connect.s3.aws.auth.mode=Credentials");
    }

    @Test
    void theSecretKeyIsHiddenWhenTheConfigurationIsPrinted() {
        S3SinkConfig config = new S3SinkConfig(BadConfigurations.good());

        assertThat(config.toString()).doesNotContain(BadConfigurations.SECRET);
        assertThat(config.secretKey().toString()).isEqualTo("[hidden]");
        assertThat(config.secretKey().value()).isEqualTo(BadConfigurations.SECRET);
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(new S3SinkConnector().version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void everyTaskGetsTheWholeConfiguration() {
        S3SinkConnector connector = new S3SinkConnector();
        connector.start(BadConfigurations.good());

        assertThat(connector.taskConfigs(3)).hasSize(3).containsOnly(BadConfigurations.good());
        assertThat(connector.taskClass()).isEqualTo(S3SinkTask.class);
    }

    private static Map<String, List<String>> errors(Config config) {
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
