package io.cdclake.mskemulator.model;

/**
 * The connector operation types the emulator records. The model also has ISOLATE_CONNECTOR and RESTORE_CONNECTOR,
 * which AWS starts itself and nothing in the emulator does.
 */
public enum OperationType {
    UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION, PAUSE_CONNECTOR, RESUME_CONNECTOR, RESTART_CONNECTOR;

    /** The state an operation of this type is in while it runs. */
    public OperationState inProgress() {
        return switch (this) {
            case UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION -> OperationState.UPDATE_IN_PROGRESS;
            case PAUSE_CONNECTOR -> OperationState.PAUSE_IN_PROGRESS;
            case RESUME_CONNECTOR -> OperationState.RESUME_IN_PROGRESS;
            case RESTART_CONNECTOR -> OperationState.RESTART_IN_PROGRESS;
        };
    }

    public OperationState complete() {
        return switch (this) {
            case UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION -> OperationState.UPDATE_COMPLETE;
            case PAUSE_CONNECTOR -> OperationState.PAUSE_COMPLETE;
            case RESUME_CONNECTOR -> OperationState.RESUME_COMPLETE;
            case RESTART_CONNECTOR -> OperationState.RESTART_COMPLETE;
        };
    }

    public OperationState failed() {
        return switch (this) {
            case UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION -> OperationState.UPDATE_FAILED;
            case PAUSE_CONNECTOR -> OperationState.PAUSE_FAILED;
            case RESUME_CONNECTOR -> OperationState.RESUME_FAILED;
            case RESTART_CONNECTOR -> OperationState.RESTART_FAILED;
        };
    }

    public boolean isUpdate() {
        return this == UPDATE_WORKER_SETTING || this == UPDATE_CONNECTOR_CONFIGURATION;
    }
}
