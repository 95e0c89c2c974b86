package io.cdclake.cli.chaos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded stream: every change is one (id, version, op), each transaction touches a row once. */
class ChangePlanTest {

    @Test
    void everyCommittedChangeIsUniqueAndFollowsItsRowsHistory() {
        ChangePlan plan = new ChangePlan(7, 1);
        List<Change> all = new ArrayList<>();
        Map<Long, Integer> rows = new HashMap<>();
        int multiRow = 0;
        while (all.size() < 5_000) {
            List<Change> tx = plan.next(5_000 - all.size());
            assertThat(tx.stream().map(Change::id).distinct().count()).as("rows touched once in %s", tx).isEqualTo(tx.size());
            multiRow += tx.size() > 1 ? 1 : 0;
            for (Change c : tx) {
                switch (c.op()) {
                    case "c" -> assertThat(rows.put(c.id(), 1)).as("an id is inserted once").isNull();
                    case "u" -> assertThat(rows.put(c.id(), c.version())).isEqualTo(c.version() - 1);
                    default -> assertThat(rows.remove(c.id())).as("a delete carries the version it deletes").isEqualTo(c.version());
                }
            }
            plan.committed(tx);
            all.addAll(tx);
        }
        assertThat(all).hasSize(5_000);
        assertThat(new HashSet<>(all)).as("no change twice").hasSize(5_000);
        assertThat(all).extracting(Change::op).contains("c", "u", "d");
        assertThat(multiRow).isPositive();
    }

    @Test
    void aTransactionThatDidNotCommitLeavesThePlanAsItWas() {
        ChangePlan plan = new ChangePlan(3, 100);
        plan.committed(plan.next(10));
        List<Change> lost = plan.next(10);
        List<Change> next = plan.next(10);
        Set<Long> inserted = new HashSet<>();
        next.stream().filter(c -> c.op().equals("c")).forEach(c -> inserted.add(c.id()));
        // ids of the transaction that did not commit are free again; updates still start from committed versions
        lost.stream().filter(c -> c.op().equals("c")).map(Change::id).filter(inserted::contains)
                .forEach(id -> assertThat(id).isGreaterThanOrEqualTo(100));
        next.stream().filter(c -> c.op().equals("u")).forEach(c -> assertThat(c.version()).isEqualTo(2));
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        ChangePlan a = new ChangePlan(42, 1);
        ChangePlan b = new ChangePlan(42, 1);
        for (int i = 0; i < 100; i++) {
            List<Change> tx = a.next(5);
            assertThat(b.next(5)).isEqualTo(tx);
            a.committed(tx);
            b.committed(tx);
        }
    }
}
