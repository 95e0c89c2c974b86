package io.cdclake.mskemulator.runtime;

/** Why a custom plugin could not be installed: a short code and a one-line message for its stateDescription. */
public final class PluginInstallException extends Exception {

    private final String code;

    PluginInstallException(String code, String message) {
        super(message);
        this.code = code;
    }

    PluginInstallException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
