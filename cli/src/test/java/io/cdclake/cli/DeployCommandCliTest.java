package io.cdclake.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake deploy} as registered in the top command: its verbs, its exit codes, a call that needs no AWS. */
class DeployCommandCliTest {

    private static final String REFERENCE = Path.of("../pipelines/northwind-orders.yaml").toString();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = CdcLake.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void deployIsASubcommandWithItsVerbs() {
        assertThat(run("deploy", "--help")).isZero();
        assertThat(out.toString()).contains("plan", "apply", "status", "destroy", "iam-policy");
    }

    @Test
    void iamPolicyPrintsTheTrustPolicyWithoutCallingAws() {
        assertThat(run("deploy", "iam-policy", "--pipeline", REFERENCE, "--env", "aws", "--document", "trust")).isZero();
        assertThat(out.toString()).contains("\"Service\" : \"kafkaconnect.amazonaws.com\"", "\"sts:AssumeRole\"",
                "connector/northwind-orders-source/*");
    }

    @Test
    void aLocalEnvironmentIsRefusedWithOneAndAnUnknownOneIsBadUsage() {
        assertThat(run("deploy", "apply", "--pipeline", REFERENCE, "--env", "local")).isEqualTo(1);
        assertThat(err.toString()).contains("environments.local: is a local environment, which runs through the Kafka"
                + " Connect REST API, not MSK Connect");
        assertThat(run("deploy", "plan", "--pipeline", REFERENCE, "--env", "staging")).isEqualTo(2);
        assertThat(err.toString()).contains("--env staging: the pipeline has no environment 'staging'");
    }
}
