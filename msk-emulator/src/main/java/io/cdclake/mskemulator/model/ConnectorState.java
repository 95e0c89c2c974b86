package io.cdclake.mskemulator.model;

public enum ConnectorState {
    CREATING, RUNNING, UPDATING, DELETING, FAILED, PAUSING, PAUSED, RESUMING, RESTARTING
}
