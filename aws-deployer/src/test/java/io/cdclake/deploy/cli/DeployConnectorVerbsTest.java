package io.cdclake.deploy.cli;

import io.cdclake.deploy.TestBed;
import io.cdclake.deploy.api.MskConnectApiServer.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy pause|resume|restart} as people run them: the calls MSK Connect gets (PauseConnector,
 * ResumeConnector, RestartConnector, signed like the SDK's), the states waited for, and the refusals.
 */
class DeployConnectorVerbsTest {

    private static final String SOURCE = "northwind-orders-source";
    private static final String SINK = "northwind-orders-sink";

    @TempDir
    Path dir;

    TestBed bed;
    Path pipeline;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void start() throws IOException {
        bed = new TestBed(dir);
        pipeline = TestBed.write(dir, TestBed.awsYaml());
    }

    @AfterEach
    void stop() {
        assertThat(bed.api.violations()).as("requests that break the MSK Connect API reference").isEmpty();
        bed.close();
    }

    private int run(String verb, String... more) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = DeployCommand.commandLine(new DeployCommand(bed.clients()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] args = Stream.concat(Stream.of(verb, "--pipeline", pipeline.toString(), "--env", "aws",
                "--work-dir", bed.workDir.toString()), Stream.of(more)).toArray(String[]::new);
        return cmd.execute(args);
    }

    private void deployed() throws IOException {
        bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true);
    }

    private String state(String name) {
        String arn = bed.msk.listConnectors(r -> r.connectorNamePrefix(name)).connectors().get(0).connectorArn();
        return bed.msk.describeConnector(r -> r.connectorArn(arn)).connectorStateAsString();
    }

    private List<Call> calls(String operation) {
        return bed.api.calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    @Test
    void pauseResumeAndRestartGoThroughMskConnectAndWaitForTheStateTheyLeadTo() throws IOException {
        deployed();

        assertThat(run("pause")).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("pause connector " + SOURCE + " (RUNNING)",
                        "pause of connector " + SOURCE + ": PAUSE_COMPLETE after", "connector " + SINK + ": PAUSED after",
                        "paused connector " + SOURCE, SOURCE + " and " + SINK + " are PAUSED.")
                .containsPattern("\\[ *\\d+\\.\\ds\\] pause of connector " + SOURCE + ": PAUSE_IN_PROGRESS");
        assertThat(calls("PauseConnector")).extracting(Call::path).satisfiesExactly(
                p -> assertThat(p).contains("connector%2F" + SOURCE + "%2F").endsWith("/pause"),
                p -> assertThat(p).contains("connector%2F" + SINK + "%2F"));
        assertThat(state(SOURCE)).isEqualTo("PAUSED");
        assertThat(state(SINK)).isEqualTo("PAUSED");

        assertThat(run("pause")).isZero();
        assertThat(out.toString()).contains("already PAUSED: connector " + SOURCE);
        assertThat(calls("PauseConnector")).as("a second pause changes nothing").hasSize(2);
        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains(SOURCE + ": PAUSED", "latest operation PAUSE_CONNECTOR PAUSE_COMPLETE");

        assertThat(run("resume")).as("stderr: %s", err).isZero();
        assertThat(calls("ResumeConnector")).extracting(Call::path).as("the sink first").satisfiesExactly(
                p -> assertThat(p).contains(SINK).endsWith("/resume"), p -> assertThat(p).contains(SOURCE));
        assertThat(out.toString()).contains(SINK + " and " + SOURCE + " are RUNNING.");
        assertThat(state(SOURCE)).isEqualTo("RUNNING");

        assertThat(run("restart", "--connector", SINK, "--only-failed-tasks")).as("stderr: %s", err).isZero();
        assertThat(calls("RestartConnector")).singleElement().satisfies(c -> {
            assertThat(c.path()).contains(SINK).endsWith("/restart");
            assertThat(c.query()).containsEntry("onlyFailedTasks", List.of("true"));
        });
        assertThat(out.toString()).contains("restart of connector " + SINK + ": RESTART_COMPLETE", SINK + " is RUNNING.");
        assertThat(run("restart")).isZero();
        assertThat(calls("RestartConnector")).hasSize(3).last().satisfies(c ->
                assertThat(c.query()).containsEntry("onlyFailedTasks", List.of("false")));
    }

    /** A bad input to a verb: how to get there, the arguments, the exit code and what the one error line says. */
    record BadInput(String name, boolean deploy, String failed, String paused, List<String> args, int exit, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                new BadInput("pause before anything is deployed", false, null, null, List.of("pause"), 1,
                        "error: connector " + SOURCE + ": is not deployed: MSK Connect has no connector of that name in"
                                + " ap-southeast-2. Fix: deploy the pipeline with 'deploy apply' first"),
                new BadInput("resume of a connector the pipeline does not have", true, null, null,
                        List.of("resume", "--connector", "northwind-orders-archive"), 2,
                        "--connector northwind-orders-archive: pipeline northwind-orders has no connector of that name;"
                                + " its connectors are " + SINK + ", " + SOURCE),
                new BadInput("pause of a FAILED connector", true, SINK, null, List.of("pause", "--connector", SINK), 1,
                        "error: connector " + SINK + ": is FAILED, so MSK Connect refused to pause it (The connector is in"
                                + " state FAILED; pause needs it RUNNING). Fix: only a RUNNING connector can be paused"),
                new BadInput("restart of a PAUSED connector", true, null, SOURCE, List.of("restart", "--connector", SOURCE), 1,
                        "error: connector " + SOURCE + ": is PAUSED, so MSK Connect refused to restart it"),
                new BadInput("resume of a FAILED connector", true, SINK, null, List.of("resume", "--connector", SINK), 1,
                        "Fix: only a PAUSED connector can be resumed"),
                new BadInput("restart with an unknown option", true, null, null, List.of("restart", "--only-failed"), 2,
                        "Unknown option: '--only-failed'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefusedWithOneLineNamingTheConnectorAndTheFix(BadInput input) throws IOException {
        if (input.deploy()) {
            deployed();
        }
        if (input.paused() != null) {
            assertThat(run("pause", "--connector", input.paused())).isZero();
        }
        if (input.failed() != null) {
            bed.api.failConnector(input.failed(), "WORKER_FAILED", "The worker group stopped");
        }
        int mutating = bed.api.mutatingCalls().size();
        int pauses = calls("PauseConnector").size();

        int exit = run(input.args().get(0), input.args().subList(1, input.args().size()).toArray(String[]::new));

        assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(input.exit());
        assertThat(err.toString()).contains(input.expected());
        assertThat(err.toString().lines().filter(l -> l.startsWith("error: "))).hasSizeLessThanOrEqualTo(1);
        assertThat(bed.api.mutatingCalls().size() - mutating).as("calls that changed anything, besides the one refused")
                .isLessThanOrEqualTo(exit == 1 && input.deploy() ? 1 : 0);
        assertThat(calls("PauseConnector").size() - pauses).isLessThanOrEqualTo(input.args().get(0).equals("pause") ? 1 : 0);
    }
}
