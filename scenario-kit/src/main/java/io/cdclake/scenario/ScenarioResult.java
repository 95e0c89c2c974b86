package io.cdclake.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario found: its checks in order, how long it took, and the sink objects it read (key to content,
 * in record order) so a command can show them.
 */
public record ScenarioResult(String scenario, List<Check> checks, Duration elapsed, Map<String, String> objects) {

    public ScenarioResult {
        checks = List.copyOf(checks);
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }

    /** True when every check passed (and there was at least one). */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The named check, for tests and reports. */
    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scenario " + scenario + " has no check '" + name
                        + "'; it has " + checks.stream().map(Check::name).toList()));
    }

    /** A summary line, then one line per check. */
    public String report() {
        StringBuilder s = new StringBuilder(scenario).append(": ").append(passed() ? "PASS" : "FAIL")
                .append(String.format(" (%.1f s)", elapsed.toMillis() / 1000.0));
        checks.forEach(c -> s.append("\n  ").append(c));
        return s.toString();
    }
}
