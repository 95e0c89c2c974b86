package io.cdclake.deploy.preflight;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.TestBed;
import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The source database checked before deploying, when it is reachable: a server without logical decoding and a
 * database without the publication are refused before anything changes.
 */
class SourceDatabasePreflightOnDeployTest {

    @TempDir
    Path dir;

    @Test
    void aDatabaseWithoutLogicalReplicationOrPublicationIsRefusedBeforeAnyChange() throws Exception {
        Pipeline pipeline = PipelineYaml.read(Path.of("..", "pipelines", "northwind-orders.yaml"));
        try (PostgresServer postgres = PostgresServer.builder().dataDirectory(dir.resolve("pg")).serverConfig("wal_level", "replica").start();
             TestBed bed = new TestBed(dir)) {
            postgres.createDatabaseIfAbsent("devdb");
            RuntimeBindings bindings = RuntimeBindings.builder().databaseHost(postgres.host()).databasePort(postgres.port())
                    .databaseUser(postgres.user()).databasePassword("").kafkaBootstrapServers("127.0.0.1:9092")
                    .s3Endpoint(bed.s3Server.endpoint().toString()).s3Region(TestBed.REGION)
                    .s3AccessKey(bed.s3Server.accessKey()).s3SecretKey(bed.s3Server.secretKey()).build();

            assertThatThrownBy(() -> bed.deployer().apply(pipeline, "emulator", bindings, bed.workDir, false))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("source database wal_level: source database " + postgres.host() + ":" + postgres.port()
                            + "/devdb: wal_level is 'replica'; logical decoding needs 'logical'.")
                    .hasMessageContaining("ALTER SYSTEM SET wal_level = logical")
                    .hasMessageContaining("publication 'cdc_publication' does not exist")
                    .hasMessageContaining("CREATE PUBLICATION cdc_publication FOR TABLE datalake.cdc_events;");
            assertThat(bed.api.mutatingCalls()).isEmpty();
        }
    }
}
