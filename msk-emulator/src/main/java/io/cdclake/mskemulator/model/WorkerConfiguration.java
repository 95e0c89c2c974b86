package io.cdclake.mskemulator.model;

import java.time.Instant;

/**
 * A worker configuration: a base64-encoded connect-distributed.properties, applied to the worker group of every
 * connector that names it. Like AWS, only revision 1 exists.
 */
public record WorkerConfiguration(String arn, String name, String description, String propertiesFileContent,
                                  WorkerConfigurationState state, Instant creationTime, long revision) {

    public static final long REVISION = 1;
}
