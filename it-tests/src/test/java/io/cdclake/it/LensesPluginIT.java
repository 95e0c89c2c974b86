package io.cdclake.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./cdclake demo --plugin-dir DIR} with the real Lenses S3 sink, through Connect's REST API and through the
 * MSK Connect emulator: the article's pipeline, every check passing with the plugin a user deploys today. The
 * plugin is not on Maven Central (s3-sink/README.md says how it was built here): point {@code LENSES_PLUGIN_DIR}
 * (system property or environment variable) at a directory holding it; without it the tests report themselves
 * skipped with that reason.
 */
class LensesPluginIT {

    static final String LENSES_PLUGIN_DIR = "LENSES_PLUGIN_DIR";

    Path pluginDir;

    @BeforeEach
    void requireThePlugin() {
        String dir = System.getProperty(LENSES_PLUGIN_DIR, System.getenv(LENSES_PLUGIN_DIR));
        assumeTrue(dir != null && !dir.isBlank(), LENSES_PLUGIN_DIR + " is not set: set it to a directory holding the"
                + " Lenses S3 sink plugin to run the demo with it");
        pluginDir = Path.of(dir);
        assertThat(pluginDir).as(LENSES_PLUGIN_DIR).isDirectory();
    }

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void theDemoPassesWithTheRealLensesPlugin(String via) throws Exception {
        try (RunnerProcess demo = RunnerProcess.cli("demo", "--plugin-dir", pluginDir.toString(), "--via", via)) {
            int code = demo.awaitExit(Duration.ofMinutes(10));

            String out = String.join("\n", demo.lines());
            assertThat(code).as(out).isZero();
            assertThat(out).contains("using the Lenses S3 sink found in ")
                    .contains("PASS  snapshot of datalake.cdc_events: 829 record(s)")
                    .contains("order-update: PASS", "order-insert: PASS", "PASS: every check passed");
        }
    }
}
