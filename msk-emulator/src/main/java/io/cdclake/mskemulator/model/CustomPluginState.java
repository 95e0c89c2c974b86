package io.cdclake.mskemulator.model;

public enum CustomPluginState {
    CREATING, CREATE_FAILED, ACTIVE, DELETING
}
