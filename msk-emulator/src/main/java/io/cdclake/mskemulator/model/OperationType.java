package io.cdclake.mskemulator.model;

public enum OperationType {
    UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION
}
