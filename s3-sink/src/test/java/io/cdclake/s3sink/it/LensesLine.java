package io.cdclake.s3sink.it;

/**
 * A Lenses S3 sink release line, as {@code connect.s3.compatibility} names it. The worker-level tests load the
 * plugin from its zip only, so they name the lines themselves rather than through the plugin's classes.
 */
enum LensesLine {
    LENSES_3("lenses-3"), LENSES_9("lenses-9");

    private final String configName;

    LensesLine(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }
}
