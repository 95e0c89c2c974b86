package io.cdclake.scenario;

/** One named check of a scenario: PASS or FAIL, and what was seen. */
public record Check(String name, Status status, String detail) {

    public enum Status { PASS, FAIL }

    public static Check fail(String name, String detail) {
        return new Check(name, Status.FAIL, detail);
    }

    public static Check of(boolean passed, String name, String detail) {
        return new Check(name, passed ? Status.PASS : Status.FAIL, detail);
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** {@code PASS  name: detail}. */
    @Override
    public String toString() {
        return status + "  " + name + ": " + detail;
    }
}
