package io.cdclake.core.yaml;

import io.cdclake.core.validate.InvalidPipelineException;
import io.cdclake.core.validate.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file under pipelines/bad/ is the valid pipelines/valid-aws.yaml with one mistake, and is rejected with
 * exactly one problem: the one a user would need to read to fix it.
 */
class BadPipelineFilesTest {

    private static final Path RESOURCES = Path.of("src/test/resources/pipelines");

    @Test
    void theBaseOfTheBadFilesIsValid() {
        assertThat(PipelineYaml.read(RESOURCES.resolve("valid-aws.yaml")).name()).isEqualTo("orders");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-key                    | sink.buckt: unknown key 'buckt' (did you mean 'bucket'?). Fix: rename it to 'bucket'
            bad-bucket-name                | sink.bucket: is not a valid S3 bucket name: it must not contain upper-case letters (value: Data_Lake)
            bad-topic-prefix               | debezium.topicPrefix: is not a valid Kafka topic prefix: it may contain only ASCII letters, digits, '.', '_' and '-' (value: msk/prod)
            statement-for-unknown-topic    | sink.statements[0].topic: is not produced by any captured table (did you mean 'msk.datalake.cdc_events'?) (value: msk.datalake.cdc_event). Fix: use one of the pipeline's topics (msk.datalake.cdc_events), or capture its table in source.tables
            partition-by-unadded-field     | sink: is a PARTITIONBY field of msk.datalake.cdc_events that the unwrap transform does not add (it adds __deleted, __lsn, __table) (value: __op). Fix: add op to debezium.unwrap.addFields, or partition by another field
            unknown-delete-handling        | debezium.unwrap.deleteHandling: is not a delete.tombstone.handling.mode (did you mean 'rewrite-with-tombstone'?) (value: rewrite-tombstone). Fix: use one of rewrite-with-tombstone, rewrite, tombstone, drop, delete-to-tombstone
            init-scripts-and-northwind     | source.init: names both scripts and northwind. Fix: give exactly one
            unqualified-table              | source.tables[0]: is not a schema-qualified table name (value: cdc_events). Fix: write schema.table in lower case
            inline-password                | environments.aws.database.password: is written inline; on AWS it must be a reference (value: ******)
            bad-enum                       | environments.aws.msk.cluster.clientAuthentication: not one of IAM, NONE (value: SASL). Fix: use one of IAM, NONE
            too-many-workers               | environments.aws.msk.capacity.provisioned.workerCount: is out of range (value: 11). Fix: use 1 to 10 workers
            bad-mcu-count                  | environments.aws.msk.capacity.provisioned.mcuCount: is not an MCU count MSK Connect offers (value: 3). Fix: use 1, 2, 4 or 8
            malformed-role-arn             | environments.aws.msk.serviceExecutionRoleArn: is not an IAM role ARN (value: arn:aws:iam::123456789012:rol/cdc-lake-connect)
            missing-fields                 | source.slotName: missing. Fix: name the replication slot, e.g. slotName: cdc_slot
            iam-plaintext                  | environments.aws.msk.cluster.encryptionInTransit: cannot carry IAM authentication (value: PLAINTEXT)
            wrong-type                     | sink.flush.count: expected a whole number, found 'fifty' (value: fifty)
            environment-without-kind       | environments.staging.kind: missing; environment 'staging' is not named local, emulator or aws. Fix: add kind: local, kind: emulator or kind: aws
            local-with-database            | environments.local.database: is supplied by the running local runtime, not by the file. Fix: remove database from a local environment
            bad-connector-class            | sink.connectorClass: is not a KCQL S3 sink this project knows (did you mean 'io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector'?)
            yaml-syntax                    | (file): line
            bad-secret-arn                 | environments.aws.database.password: holds a malformed Secrets Manager ARN 'arn:aws:secretsmanager:ap-southeast-2:1234:secret:devdb-AbCdEf'
            undeclared-config-provider     | environments.aws.database.password: uses config provider 'secretsmanager', which the worker configuration does not declare
            autoscaling-inverted           | environments.aws.msk.capacity.autoscaling.minWorkerCount: is above maxWorkerCount (2) (value: 4)
            iam-wrong-port                 | environments.aws.msk.cluster.bootstrapServers: uses port 9092 with IAM authentication
            missing-subnets                | environments.aws.msk.cluster.subnets: missing or empty
            duplicate-key                  | (file): line 17, column 9: Duplicate field 'prefix'. Fix: keep only one of the two
            bad-kafka-connect-version      | environments.aws.msk.kafkaConnectVersion: is not a version MSK Connect runs (value: 3.8.x). Fix: use 3.7.x
            environment-tuning-below-minimum | environments.local.tuning.pollIntervalMs: must be at least 1 (value: 0). Fix: set 1 or more, or remove it for the default (500)
            environment-batch-above-queue  | environments.local.tuning.maxQueueSize: must be larger than maxBatchSize (10000) (value: 8192)
            unknown-lenses-line            | sink.compatibility: not one of lenses-9, lenses-3 (did you mean 'lenses-9'?) (value: lenses-7). Fix: use one of lenses-9, lenses-3
            nested-prefix-on-lenses-3      | sink.prefix: has more than one part, which Lenses 3 refuses ('Nested prefix not currently supported') (value: cdc-events/orders). Fix: write one part without '/', or use compatibility: lenses-9 with a current Lenses plugin
            date-partition-on-lenses-3     | sink.compatibility: does not partition by the record's date (_date.uuuu came with Lenses 7) (value: lenses-3). Fix: use compatibility: lenses-9 with a current Lenses plugin, or partition by a field of the record
            bad-kafka-container-image      | environments.local.kafkaContainer: is not a container image name (value: apache/Kafka:3.7.2). Fix: write an image as docker pull takes it, e.g. apache/kafka:3.7.2
            kafka-container-on-aws         | environments.aws.kafkaContainer: applies to the local runtime only (value: apache/kafka:3.7.2). Fix: move it to the local environment (the emulator's runtime is the same one)
            bad-source-container-image     | environments.local.sourceContainer: is not a container image name (value: Postgres:17). Fix: write an image as docker pull takes it, e.g. postgres:17
            source-container-on-aws        | environments.aws.sourceContainer: applies to the local runtime only (value: postgres:17). Fix: move it to the local environment (the emulator's runtime is the same one)
            bad-s3-endpoint                | environments.local.s3.endpoint: is not an http or https URL (value: localhost:9000). Fix: write the endpoint URL, e.g. http://localhost:9000
            s3-endpoint-and-container      | environments.local.s3.container: names a second S3 beside endpoint http://localhost:9000 (value: localstack/localstack:4.4). Fix: give endpoint or container, not both
            s3-profile-without-endpoint    | environments.local.s3.profile: signs for an endpoint, and none is given (value: minio). Fix: add endpoint, or remove profile
            s3-on-aws                      | environments.aws.s3: applies to the local runtime only. Fix: move it to the local environment
            bad-s3-container-image         | environments.local.s3.container: is not a container image name (value: LocalStack/localstack). Fix: write an image as docker pull takes it, e.g. localstack/localstack:4.4
            lenses-plugin-without-checksum | environments.aws.msk.plugins.sink.kind: provides io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector but sink.connectorClass is io.cdclake.s3sink.S3SinkConnector
            """)
    void eachBadFileIsRejectedWithItsProblem(String file, String expected) {
        List<Problem> problems = problems(file);
        assertThat(problems).anySatisfy(p -> assertThat(p.toString()).startsWith(expected));
        if (!file.equals("non-positive-flush") && !file.equals("lenses-plugin-without-checksum")) {
            assertThat(problems).as("only the one mistake is reported").hasSize(1);
        }
    }

    @Test
    void everyNonPositiveFlushValueIsReported() {
        assertThat(problems("non-positive-flush")).extracting(Problem::toString).containsExactly(
                "sink.flush.intervalSeconds: must be positive (value: 0). Fix: set a positive number of seconds between"
                        + " flushes, e.g. 60, or remove it",
                "sink.flush.count: must be positive (value: -50). Fix: set a positive number of records per object,"
                        + " e.g. 50, or remove it");
    }

    @Test
    void aLensesPluginNeedsItsChecksumAndTheLensesClass() {
        assertThat(problems("lenses-plugin-without-checksum")).extracting(Problem::path).containsExactly(
                "environments.aws.msk.plugins.sink.kind", "environments.aws.msk.plugins.sink.sha256");
    }

    @Test
    void anInlinePasswordNeverAppearsInTheMessage() {
        InvalidPipelineException e = rejected("inline-password");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceOneLineEach() {
        InvalidPipelineException e = rejected("many-problems");
        assertThat(e.problems()).extracting(Problem::path).containsExactly(
                "sink.errros",
                "name",
                "debezium.tuning.maxQueueSize",
                "sink.bucket",
                "sink.prefix",
                "sink.partitionBy[1]",
                "environments.local.flush.intervalSeconds");
        assertThat(e.getMessage().lines()).hasSize(1 + e.problems().size());
        assertThat(e.getMessage().lines().findFirst()).hasValueSatisfying(first ->
                assertThat(first).endsWith("many-problems.yaml: 7 problems"));
    }

    private static List<Problem> problems(String file) {
        return rejected(file).problems();
    }

    private static InvalidPipelineException rejected(String file) {
        InvalidPipelineException e = catchThrowableOfType(
                () -> PipelineYaml.read(RESOURCES.resolve("bad").resolve(file + ".yaml")), InvalidPipelineException.class);
        assertThat(e).as(file + " is rejected").isNotNull();
        return e;
    }
}
