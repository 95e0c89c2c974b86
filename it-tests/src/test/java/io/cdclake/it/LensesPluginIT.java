package io.cdclake.it;

import io.cdclake.cli.CdcLake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

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
        StringWriter out = new StringWriter();
        CommandLine cli = CdcLake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));

        int code = cli.execute("demo", "--plugin-dir", pluginDir.toString(), "--via", via);

        System.out.println(out);
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Lenses S3 sink").contains("PASS: every check passed");
    }
}
