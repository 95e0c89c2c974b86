package io.cdclake.deploy.preflight;

import java.util.List;
import java.util.stream.Collectors;

/** The deployment was refused before any change: every error found, one per line, each with its fix. */
public final class PreflightException extends RuntimeException {

    private final transient List<Finding> findings;

    public PreflightException(List<Finding> findings) {
        super(message(findings));
        this.findings = List.copyOf(findings);
    }

    /** A single problem found while preparing the deployment (a plugin that cannot be had, a name taken, ...). */
    public static PreflightException of(String check, String message, String fix) {
        return new PreflightException(List.of(Finding.error(check, message, fix)));
    }

    public List<Finding> findings() {
        return findings;
    }

    private static String message(List<Finding> findings) {
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        return "preflight found " + errors.size() + (errors.size() == 1 ? " problem" : " problems")
                + "; nothing was changed\n" + errors.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}
