package io.cdclake.cli.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting a fault's changes in S3 and in the topic. */
class ChaosReportTest {

    private final Change a = Change.insert(1);
    private final Change b = Change.update(1, 2);
    private final Change c = Change.delete(1, 2);

    @Test
    void lostAndDuplicatedAreCountedChangeByChange() {
        ChaosReport.Row row = ChaosReport.row("kafka-restart", List.of(a, b, c), Map.of(a, 1, b, 3),
                Map.of(a, 1, b, 2, c, 1), Duration.ofSeconds(4), null);

        assertThat(row.committed()).isEqualTo(3);
        assertThat(row.landed()).isEqualTo(2);
        assertThat(row.lost()).as("c is not in S3").isEqualTo(1);
        assertThat(row.duplicated()).as("b twice too many").isEqualTo(2);
        assertThat(row.duplicatedInTopic()).as("one of them already in the topic").isEqualTo(1);
        assertThat(new ChaosReport(List.of(row, ChaosReport.row("(after faults)", List.of(), Map.of(), Map.of(), null, null))).lost())
                .isEqualTo(1);
    }

    @Test
    void recordsAreChangesByIdVersionAndOpAndSnapshotRecordsAreNone() {
        assertThat(ChangeCounts.parse("{\"id\":7,\"version\":3,\"payload\":\"x\",\"__deleted\":\"true\",\"__op\":\"d\",\"__lsn\":1}"))
                .contains(Change.delete(7, 3));
        assertThat(ChangeCounts.parse("{\"schema\":{},\"payload\":{\"id\":7,\"version\":1,\"__op\":\"c\"}}"))
                .contains(Change.insert(7));
        assertThat(ChangeCounts.parse("{\"id\":7,\"version\":1,\"__op\":\"r\"}")).isEmpty();
    }
}
