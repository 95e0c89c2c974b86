package io.cdclake.deploy.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What apply would do, resource by resource, in the order it does it. Rendered for people by {@link #render()}:
 * one line per resource with its mark ({@code +} create, {@code ~} update in place, {@code -/+} replace,
 * {@code -} delete, {@code =} no change), the reasons and differences under it, secrets redacted.
 *
 * @param checked false when MSK Connect was not asked (preflight failed): the plan then shows what would be created
 */
public record Plan(DesiredState desired, List<PlannedChange> changes, boolean checked) {

    Plan asUnchecked() {
        return new Plan(desired, changes, false);
    }

    /** Whether apply would change anything. */
    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != Action.NONE);
    }

    public Map<Action, Integer> counts() {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        return counts;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Plan for pipeline ").append(desired.pipeline()).append(", environment ").append(desired.environment());
        out.append(checked ? " (compared with what MSK Connect holds):\n"
                : " (NOT compared with MSK Connect, which was not asked because preflight failed):\n");
        for (PlannedChange c : changes) {
            out.append(String.format("  %-3s %s %s: %s%n", c.action().mark(), c.resource(), c.name(), c.action().words()));
            if (c.action() != Action.NONE || !c.details().isEmpty()) {
                c.details().forEach(d -> out.append("        ").append(d).append('\n'));
            }
        }
        Map<Action, Integer> counts = counts();
        if (!hasChanges()) {
            out.append("No changes: MSK Connect matches the pipeline.\n");
        } else {
            List<String> parts = new ArrayList<>();
            for (Action a : List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE)) {
                parts.add(counts.getOrDefault(a, 0) + " to " + a.words());
            }
            out.append("Plan: ").append(String.join(", ", parts)).append(".\n");
        }
        return out.toString();
    }
}
