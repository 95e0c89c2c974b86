package io.cdclake.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fault run's own pipeline, written as a pipeline file into the run's directory so that the runner starts it
 * as it starts any other: one table, {@code chaos.changes(id, version, payload)}, captured whole (REPLICA IDENTITY
 * FULL, so a delete carries the version it deleted) with the unwrap transform adding {@code __op} and
 * {@code __lsn}. Ids are never reused and every change raises the version, so each committed change is exactly one
 * {@code (id, version, op)} and can be counted in S3. NOPARTITION keeps the objects few and large.
 */
public final class ChaosPipeline {

    public static final String SCHEMA = "chaos";
    public static final String TABLE = SCHEMA + ".changes";
    public static final String TOPIC_PREFIX = "chaos";
    public static final String TOPIC = TOPIC_PREFIX + "." + TABLE;
    public static final String BUCKET = "chaos-lake";
    public static final String PREFIX = "changes";
    public static final String SOURCE_CONNECTOR = "chaos-source";
    public static final String SINK_CONNECTOR = "chaos-sink";
    private static final String SCRIPT = "chaos-schema.sql";

    private ChaosPipeline() {
    }

    /** Writes the pipeline file (and its init script) for {@code database} into {@code dir}; returns the file. */
    public static Path write(Path dir, String database) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SCRIPT), """
                CREATE SCHEMA IF NOT EXISTS chaos;
                CREATE TABLE chaos.changes (
                    id      bigint PRIMARY KEY,
                    version integer NOT NULL,
                    payload text
                );
                ALTER TABLE chaos.changes REPLICA IDENTITY FULL;
                """);
        Path file = dir.resolve("chaos-pipeline.yaml");
        Files.writeString(file, """
                # Written by ./cdclake chaos: the fault run's own pipeline (see ChaosPipeline).
                name: chaos
                description: Every committed change of chaos.changes, counted in S3 through faults
                source:
                  database: %s
                  schema: chaos
                  tables: [chaos.changes]
                  publication: {name: chaos_publication, create: true}
                  slotName: chaos_slot
                  plugin: pgoutput
                  init:
                    scripts: [%s]
                debezium:
                  connectorName: %s
                  topicPrefix: %s
                  unwrap:
                    deleteHandling: rewrite-with-tombstone
                    addFields: [op, lsn]
                sink:
                  connectorName: %s
                  connectorClass: io.cdclake.s3sink.S3SinkConnector
                  bucket: %s
                  prefix: %s
                  partitionBy: []
                  storeAs: json
                  flush: {intervalSeconds: 1, count: 1000}
                  errors: {tolerance: none, logEnable: true}
                environments:
                  local:
                    tuning: {pollIntervalMs: 50, converterSchemas: false}
                  emulator:
                    region: ap-southeast-2
                    tuning: {pollIntervalMs: 50, converterSchemas: false}
                    msk:
                      cluster:
                        subnets: [subnet-0123456789abcdef0]
                        securityGroups: [sg-0123456789abcdef0]
                        clientAuthentication: NONE
                        encryptionInTransit: PLAINTEXT
                      capacity:
                        provisioned: {mcuCount: 1, workerCount: 1}
                      kafkaConnectVersion: 3.7.x
                      serviceExecutionRoleArn: arn:aws:iam::000000000000:role/cdclake-local-connect
                      logDelivery:
                        cloudWatchLogs: {logGroup: /msk-connect/chaos}
                      pluginBucket: {bucket: cdclake-plugins, prefix: plugins}
                      plugins:
                        debeziumVersion: 2.7.4.Final
                        sink: {kind: builtin}
                """.formatted(database, SCRIPT, SOURCE_CONNECTOR, TOPIC_PREFIX, SINK_CONNECTOR, BUCKET, PREFIX));
        return file;
    }
}
