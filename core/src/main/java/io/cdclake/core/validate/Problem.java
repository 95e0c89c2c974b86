package io.cdclake.core.validate;

/**
 * One thing wrong with a pipeline: where (a dotted path as in the file, e.g.
 * {@code environments.aws.msk.capacity.provisioned.workerCount}), the offending value (null when missing; never
 * a secret), what is wrong and how to fix it.
 */
public record Problem(String path, String value, String message, String fix) {

    /** One line: {@code path: message (value: v). Fix: fix}. */
    @Override
    public String toString() {
        return path + ": " + message + (value == null ? "" : " (value: " + value + ")") + ". Fix: " + fix;
    }
}
