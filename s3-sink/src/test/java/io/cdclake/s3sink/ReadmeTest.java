package io.cdclake.s3sink;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The module's README documents every setting the sink declares. */
class ReadmeTest {

    @Test
    void everySettingIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(S3SinkConfig.CONFIG_DEF.names()).isNotEmpty()
                .allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }
}
