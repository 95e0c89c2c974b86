package io.cdclake.s3sink.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** Current Lenses' observable behaviour, checked against this project's plugin (lenses-9) loaded from its zip. */
class S3SinkBehaviourIT extends CurrentLensesBehaviour {

    @TempDir
    static Path directory;
    static SinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SinkCluster.start(directory, PluginDirectory.unpackBuiltZip(directory.resolve("plugins")), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Override
    SinkCluster cluster() {
        return cluster;
    }

    @Override
    String connectorClass() {
        return BUILT_IN;
    }
}
