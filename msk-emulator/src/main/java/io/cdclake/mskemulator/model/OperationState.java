package io.cdclake.mskemulator.model;

/** The states of a connector operation (UpdateConnector) that the emulator goes through. */
public enum OperationState {
    PENDING, UPDATE_IN_PROGRESS, UPDATE_COMPLETE, UPDATE_FAILED, ROLLBACK_IN_PROGRESS, ROLLBACK_FAILED, ROLLBACK_COMPLETE;

    public boolean finished() {
        return this == UPDATE_COMPLETE || this == ROLLBACK_FAILED || this == ROLLBACK_COMPLETE;
    }
}
