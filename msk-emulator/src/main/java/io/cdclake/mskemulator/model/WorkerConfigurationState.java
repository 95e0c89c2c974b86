package io.cdclake.mskemulator.model;

public enum WorkerConfigurationState {
    ACTIVE, DELETING
}
