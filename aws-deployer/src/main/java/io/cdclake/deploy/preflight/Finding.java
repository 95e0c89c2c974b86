package io.cdclake.deploy.preflight;

/**
 * One result of a check made before anything changes: an error (the deployer refuses to go on) or a warning
 * (shown, not blocking), with what is wrong and how to fix it. Never holds a secret.
 *
 * @param check what was checked, e.g. {@code environments.aws.msk.cluster} or {@code plugin sink}
 */
public record Finding(Severity severity, String check, String message, String fix) {

    public enum Severity { ERROR, WARNING }

    public static Finding error(String check, String message, String fix) {
        return new Finding(Severity.ERROR, check, message, fix);
    }

    public static Finding warning(String check, String message, String fix) {
        return new Finding(Severity.WARNING, check, message, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: {@code check: message. Fix: fix}. */
    @Override
    public String toString() {
        return check + ": " + message + (message.endsWith(".") ? "" : ".") + " Fix: " + fix;
    }
}
