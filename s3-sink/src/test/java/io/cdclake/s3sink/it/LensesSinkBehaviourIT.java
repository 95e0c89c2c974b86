package io.cdclake.s3sink.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Current Lenses' behaviour suite against the real Lenses S3 sink, which is not on Maven Central: point
 * {@code LENSES_PLUGIN_DIR} (system property or environment variable) at a directory holding the Lenses plugin
 * (its jar, or its unpacked zip), e.g. {@code mvn -pl s3-sink verify -DLENSES_PLUGIN_DIR=/opt/lenses-s3}.
 */
class LensesSinkBehaviourIT extends CurrentLensesBehaviour {

    static final String LENSES_PLUGIN_DIR = "LENSES_PLUGIN_DIR";

    @TempDir
    static Path directory;
    static SinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        String dir = System.getProperty(LENSES_PLUGIN_DIR, System.getenv(LENSES_PLUGIN_DIR));
        if (dir == null || dir.isBlank()) {
            return; // each test reports itself skipped, with the reason
        }
        Path pluginPath = Paths.get(dir);
        assertThat(pluginPath).as(LENSES_PLUGIN_DIR + " must name an existing directory").isDirectory();
        // Lenses' jars may predate META-INF/services entries for Connect (KIP-898): scan them as well.
        cluster = SinkCluster.start(directory, pluginPath, Map.of("plugin.discovery", "hybrid_warn"));
    }

    @BeforeEach
    void requireTheLensesPlugin() {
        assumeTrue(cluster != null, LENSES_PLUGIN_DIR + " is not set: set it to a directory holding the Lenses S3"
                + " sink plugin to check that it and this project's sink agree");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    SinkCluster cluster() {
        return cluster;
    }

    @Override
    String connectorClass() {
        return "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector";
    }
}
