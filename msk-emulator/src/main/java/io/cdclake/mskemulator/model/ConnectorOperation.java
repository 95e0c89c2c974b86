package io.cdclake.mskemulator.model;

import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.OperationStep;
import io.cdclake.mskemulator.model.Shapes.StateDescription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One UpdateConnector call and how it went: the settings before and after, its steps and, if it failed, why.
 * Exactly one of the capacity pair and the configuration pair is set, following the operation type.
 */
public record ConnectorOperation(String arn, String connectorArn, OperationType type, OperationState state,
                                 List<OperationStep> steps, Capacity originCapacity, Capacity targetCapacity,
                                 Map<String, String> originConfiguration, Map<String, String> targetConfiguration,
                                 StateDescription errorInfo, Instant creationTime, Instant endTime) {

    /** The steps MSK Connect reports for an update, in order. */
    public enum Step {
        INITIALIZE_UPDATE, VALIDATE_UPDATE, UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION, FINALIZE_UPDATE
    }

    public enum StepState {
        PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELLED
    }

    public ConnectorOperation {
        steps = List.copyOf(steps);
        originConfiguration = originConfiguration == null ? null : Map.copyOf(originConfiguration);
        targetConfiguration = targetConfiguration == null ? null : Map.copyOf(targetConfiguration);
    }

    /** The steps of an operation of this type, all pending. */
    public static List<OperationStep> pendingSteps(OperationType type) {
        Step change = type == OperationType.UPDATE_WORKER_SETTING
                ? Step.UPDATE_WORKER_SETTING : Step.UPDATE_CONNECTOR_CONFIGURATION;
        return List.of(Step.INITIALIZE_UPDATE, Step.VALIDATE_UPDATE, change, Step.FINALIZE_UPDATE).stream()
                .map(s -> new OperationStep(s.name(), StepState.PENDING.name()))
                .toList();
    }

    public ConnectorOperation withState(OperationState newState, StateDescription error, Instant now) {
        return new ConnectorOperation(arn, connectorArn, type, newState, steps, originCapacity, targetCapacity,
                originConfiguration, targetConfiguration, error == null ? errorInfo : error, creationTime,
                newState.finished() ? now : endTime);
    }

    public ConnectorOperation withStep(Step step, StepState stepState) {
        List<OperationStep> changed = new ArrayList<>(steps.size());
        for (OperationStep s : steps) {
            changed.add(s.stepType().equals(step.name()) ? new OperationStep(s.stepType(), stepState.name()) : s);
        }
        return new ConnectorOperation(arn, connectorArn, type, state, changed, originCapacity, targetCapacity,
                originConfiguration, targetConfiguration, errorInfo, creationTime, endTime);
    }

    /** Marks every step still pending or in progress as cancelled, as a failed operation leaves them. */
    public ConnectorOperation cancelRemainingSteps() {
        List<OperationStep> changed = steps.stream()
                .map(s -> s.stepState().equals(StepState.PENDING.name()) || s.stepState().equals(StepState.IN_PROGRESS.name())
                        ? new OperationStep(s.stepType(), StepState.CANCELLED.name()) : s)
                .toList();
        return new ConnectorOperation(arn, connectorArn, type, state, changed, originCapacity, targetCapacity,
                originConfiguration, targetConfiguration, errorInfo, creationTime, endTime);
    }
}
