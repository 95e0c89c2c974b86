package io.cdclake.mskemulator.model;

/** The file types MSK Connect accepts for a custom plugin: a ZIP of JARs, or a single JAR. */
public enum PluginContentType {
    JAR, ZIP
}
