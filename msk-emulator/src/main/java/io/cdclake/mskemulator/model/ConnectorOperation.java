package io.cdclake.mskemulator.model;

import io.cdclake.mskemulator.model.Shapes.OperationStep;
import io.cdclake.mskemulator.model.Shapes.StateDescription;
import io.cdclake.mskemulator.model.Shapes.WorkerSetting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One UpdateConnector, PauseConnector, ResumeConnector or RestartConnector call and how it went: its steps, if it
 * failed why, and for an update the settings before and after (the worker setting pair for UPDATE_WORKER_SETTING,
 * the configuration pair for UPDATE_CONNECTOR_CONFIGURATION).
 */
public record ConnectorOperation(String arn, String connectorArn, OperationType type, OperationState state,
                                 List<OperationStep> steps, WorkerSetting originWorkerSetting, WorkerSetting targetWorkerSetting,
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

    /**
     * The steps of an operation of this type, all pending. The model has no step types of its own for pause, resume
     * and restart: those operations report the initialize, validate and finalize steps.
     */
    public static List<OperationStep> pendingSteps(OperationType type) {
        List<Step> steps = switch (type) {
            case UPDATE_WORKER_SETTING -> List.of(Step.INITIALIZE_UPDATE, Step.VALIDATE_UPDATE, Step.UPDATE_WORKER_SETTING, Step.FINALIZE_UPDATE);
            case UPDATE_CONNECTOR_CONFIGURATION -> List.of(Step.INITIALIZE_UPDATE, Step.VALIDATE_UPDATE,
                    Step.UPDATE_CONNECTOR_CONFIGURATION, Step.FINALIZE_UPDATE);
            case PAUSE_CONNECTOR, RESUME_CONNECTOR, RESTART_CONNECTOR -> List.of(Step.INITIALIZE_UPDATE, Step.VALIDATE_UPDATE, Step.FINALIZE_UPDATE);
        };
        return steps.stream()
                .map(s -> new OperationStep(s.name(), StepState.PENDING.name()))
                .toList();
    }

    public ConnectorOperation withState(OperationState newState, StateDescription error, Instant now) {
        return new ConnectorOperation(arn, connectorArn, type, newState, steps, originWorkerSetting, targetWorkerSetting,
                originConfiguration, targetConfiguration, error == null ? errorInfo : error, creationTime,
                newState.finished() ? now : endTime);
    }

    public ConnectorOperation withStep(Step step, StepState stepState) {
        List<OperationStep> changed = new ArrayList<>(steps.size());
        for (OperationStep s : steps) {
            changed.add(s.stepType().equals(step.name()) ? new OperationStep(s.stepType(), stepState.name()) : s);
        }
        return new ConnectorOperation(arn, connectorArn, type, state, changed, originWorkerSetting, targetWorkerSetting,
                originConfiguration, targetConfiguration, errorInfo, creationTime, endTime);
    }

    /** Marks every step still pending or in progress as cancelled, as a failed operation leaves them. */
    public ConnectorOperation cancelRemainingSteps() {
        List<OperationStep> changed = steps.stream()
                .map(s -> s.stepState().equals(StepState.PENDING.name()) || s.stepState().equals(StepState.IN_PROGRESS.name())
                        ? new OperationStep(s.stepType(), StepState.CANCELLED.name()) : s)
                .toList();
        return new ConnectorOperation(arn, connectorArn, type, state, changed, originWorkerSetting, targetWorkerSetting,
                originConfiguration, targetConfiguration, errorInfo, creationTime, endTime);
    }
}
