package io.cdclake.cli.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The seeded stream of transactions the fault run commits: single-row ones and multi-row ones of 2 to 5 changes,
 * inserting, updating and deleting. A transaction touches each row at most once, so whether it committed can be
 * told afterwards from any one of its rows; the plan moves on only once the caller says it committed.
 */
public final class ChangePlan {

    private final Random random;
    private final Map<Long, Integer> live = new HashMap<>();
    private final List<Long> liveIds = new ArrayList<>();
    private long nextId;

    public ChangePlan(long seed, long firstId) {
        this.random = new Random(seed);
        this.nextId = firstId;
    }

    /** The next transaction, at most {@code maxChanges} changes, against the rows as the committed ones left them. */
    public List<Change> next(int maxChanges) {
        int size = random.nextInt(10) < 6 ? 1 : 2 + random.nextInt(4);
        size = Math.max(1, Math.min(size, maxChanges));
        Set<Long> touched = new LinkedHashSet<>();
        List<Change> changes = new ArrayList<>(size);
        long provisionalId = nextId;
        while (changes.size() < size) {
            int kind = random.nextInt(100);
            Long id = liveIds.isEmpty() ? null : liveIds.get(random.nextInt(liveIds.size()));
            if (kind < 45 || id == null || touched.contains(id)) {
                changes.add(Change.insert(provisionalId++));
            } else if (kind < 85) {
                changes.add(Change.update(id, live.get(id) + 1));
                touched.add(id);
            } else {
                changes.add(Change.delete(id, live.get(id)));
                touched.add(id);
            }
        }
        return changes;
    }

    /** Applies a committed transaction to the plan's view of the rows. */
    public void committed(List<Change> changes) {
        for (Change c : changes) {
            switch (c.op()) {
                case "c" -> {
                    live.put(c.id(), 1);
                    liveIds.add(c.id());
                    nextId = Math.max(nextId, c.id() + 1);
                }
                case "u" -> live.put(c.id(), c.version());
                case "d" -> {
                    live.remove(c.id());
                    liveIds.remove(c.id());
                }
                default -> throw new IllegalArgumentException("op " + c.op());
            }
        }
    }
}
