package io.cdclake.deploy;

import io.cdclake.deploy.MskConnectDeployer.Change;
import io.cdclake.deploy.preflight.Finding;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.ConflictException;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorSummary;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pauses, resumes and restarts connectors through MSK Connect's PauseConnector, ResumeConnector and
 * RestartConnector, each operation followed to its end and the connector then waited for in the state it leads to.
 * Every connector is looked up before the first call, so a missing one refuses the whole command unchanged.
 */
final class ConnectorControl {

    /** What can be done to a running (or paused) connector, and the state it leads to. */
    enum Verb {
        PAUSE("pause", "paused", "PAUSED", "only a RUNNING connector can be paused: wait until it is RUNNING ('deploy status'),"
                + " or let 'deploy apply' replace it when it is FAILED"),
        RESUME("resume", "resumed", "RUNNING", "only a PAUSED connector can be resumed ('deploy status' shows its state)"),
        RESTART("restart", "restarted", "RUNNING", "only a RUNNING connector can be restarted: wait until it is RUNNING"
                + " ('deploy status'); 'deploy resume' runs a PAUSED one, 'deploy apply' replaces a FAILED one");

        final String word;
        final String done;
        final String target;
        final String fix;

        Verb(String word, String done, String target, String fix) {
            this.word = word;
            this.done = done;
            this.target = target;
            this.fix = fix;
        }

        /** The operation state that means it worked, e.g. PAUSE_COMPLETE. */
        String complete() {
            return name() + "_COMPLETE";
        }
    }

    private final KafkaConnectClient msk;
    private final Applier applier;
    private final Waiter waiter;
    private final Consumer<String> progress;

    ConnectorControl(KafkaConnectClient msk, Applier applier, Waiter waiter, Consumer<String> progress) {
        this.msk = msk;
        this.applier = applier;
        this.waiter = waiter;
        this.progress = progress;
    }

    /** @param onlyFailedTasks for a restart: only the tasks that failed, not the connector and all its tasks */
    List<Change> run(Verb verb, List<String> names, boolean onlyFailedTasks) {
        Map<String, DescribeConnectorResponse> connectors = new LinkedHashMap<>();
        for (String name : names) {
            ConnectorSummary summary = msk.listConnectorsPaginator(r -> r.connectorNamePrefix(name)).connectors().stream()
                    .filter(c -> c.connectorName().equals(name)).findFirst()
                    .orElseThrow(() -> refusal(name, "is not deployed: MSK Connect has no connector of that name in "
                                    + msk.serviceClientConfiguration().region(),
                            "deploy the pipeline with 'deploy apply' first, or check --env and --region"));
            connectors.put(name, msk.describeConnector(r -> r.connectorArn(summary.connectorArn())));
        }
        List<Change> done = new ArrayList<>();
        try (MskConnectNewerApi api = MskConnectNewerApi.of(msk)) {
            for (DescribeConnectorResponse c : connectors.values()) {
                String name = c.connectorName();
                if (verb != Verb.RESTART && c.connectorStateAsString().equals(verb.target)) {
                    progress.accept("connector " + name + " is already " + verb.target);
                    done.add(new Change("connector", name, "unchanged"));
                    continue;
                }
                progress.accept(verb.word + " connector " + name + " (" + c.connectorStateAsString() + ")");
                MskConnectNewerApi.Started started;
                try {
                    started = switch (verb) {
                        case PAUSE -> api.pause(c.connectorArn());
                        case RESUME -> api.resume(c.connectorArn());
                        case RESTART -> api.restart(c.connectorArn(), onlyFailedTasks);
                    };
                } catch (NotFoundException e) {
                    throw refusal(name, "was deleted while this command ran", "deploy it again with 'deploy apply'");
                } catch (ConflictException e) {
                    String now = msk.describeConnector(r -> r.connectorArn(c.connectorArn())).connectorStateAsString();
                    throw refusal(name, "is " + now + ", so MSK Connect refused to " + verb.word + " it ("
                            + e.awsErrorDetails().errorMessage() + ")", verb.fix);
                }
                DescribeConnectorOperationResponse op = applier.followOperation(verb.word + " of connector " + name,
                        started.connectorOperationArn());
                if (!op.connectorOperationStateAsString().equals(verb.complete())) {
                    throw new IllegalStateException(verb.word + " of connector " + name + " ended " + op.connectorOperationStateAsString()
                            + (op.errorInfo() == null ? "" : ": " + op.errorInfo().code() + ": " + op.errorInfo().message()));
                }
                awaitState(name, c.connectorArn(), verb.target);
                done.add(new Change("connector", name, verb.done));
            }
        }
        return done;
    }

    private void awaitState(String name, String arn, String target) {
        DescribeConnectorResponse d = waiter.await("connector " + name, () -> msk.describeConnector(r -> r.connectorArn(arn)),
                DescribeConnectorResponse::connectorStateAsString,
                r -> r.connectorStateAsString().equals(target) || r.connectorStateAsString().equals("FAILED"));
        if (!d.connectorStateAsString().equals(target)) {
            throw new IllegalStateException("connector " + name + " is FAILED: " + (d.stateDescription() == null
                    ? "MSK Connect gave no reason" : d.stateDescription().code() + ": " + d.stateDescription().message()));
        }
    }

    private static IllegalStateException refusal(String name, String message, String fix) {
        return new IllegalStateException(Finding.error("connector " + name, message, fix).toString());
    }
}
