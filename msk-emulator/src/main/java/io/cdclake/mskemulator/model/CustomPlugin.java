package io.cdclake.mskemulator.model;

import io.cdclake.mskemulator.model.Shapes.S3Location;
import io.cdclake.mskemulator.model.Shapes.StateDescription;

import java.time.Instant;

/**
 * A custom plugin: the zip or jar in S3 named at creation, and what the emulator found in it. MSK Connect does not
 * revise plugins in place, so the only revision is 1.
 *
 * @param fileMd5 hex MD5 of the plugin file, known once it was read from S3
 * @param declaredAsServices whether the file declares its connectors in META-INF/services (the emulator's own
 *                           record, not sent by AWS: it decides how the worker groups discover plugins)
 */
public record CustomPlugin(String arn, String name, String description, String contentType, S3Location location,
                           CustomPluginState state, StateDescription stateDescription, Instant creationTime,
                           long revision, String fileMd5, Long fileSize, boolean declaredAsServices) {

    public static final long REVISION = 1;

    public CustomPlugin active(String md5, long size, boolean declared) {
        return new CustomPlugin(arn, name, description, contentType, location, CustomPluginState.ACTIVE, null,
                creationTime, revision, md5, size, declared);
    }

    public CustomPlugin failed(StateDescription why) {
        return new CustomPlugin(arn, name, description, contentType, location, CustomPluginState.CREATE_FAILED, why,
                creationTime, revision, null, null, false);
    }
}
