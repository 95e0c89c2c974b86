package io.cdclake.mskemulator.model;

/** The states of a connector operation that the emulator goes through (all of the model's). */
public enum OperationState {
    PENDING,
    UPDATE_IN_PROGRESS, UPDATE_COMPLETE, UPDATE_FAILED, ROLLBACK_IN_PROGRESS, ROLLBACK_FAILED, ROLLBACK_COMPLETE,
    PAUSE_IN_PROGRESS, PAUSE_COMPLETE, PAUSE_FAILED,
    RESUME_IN_PROGRESS, RESUME_COMPLETE, RESUME_FAILED,
    RESTART_IN_PROGRESS, RESTART_COMPLETE, RESTART_FAILED;

    /** Whether nothing follows: a failed update still rolls back, a failed pause, resume or restart does not. */
    public boolean finished() {
        return switch (this) {
            case UPDATE_COMPLETE, ROLLBACK_FAILED, ROLLBACK_COMPLETE, PAUSE_COMPLETE, PAUSE_FAILED, RESUME_COMPLETE,
                 RESUME_FAILED, RESTART_COMPLETE, RESTART_FAILED -> true;
            default -> false;
        };
    }
}
