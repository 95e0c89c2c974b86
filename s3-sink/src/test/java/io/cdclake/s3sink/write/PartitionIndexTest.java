package io.cdclake.s3sink.write;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionIndexTest {

    static final TopicPartition TP = new TopicPartition("orders", 1);

    @Test
    void beforeWritingKeepsOnlyWhatAReReadCanMeet() {
        PartitionIndex index = PartitionIndex.empty()
                .beforeWriting(0, List.of(write("b/x", 10), write("b/y", 20), write("b/z", 30)))
                .completed();

        PartitionIndex next = index.beforeWriting(20, List.of(write("b/x", 40)));

        assertThat(next.safeOffset()).isEqualTo(20);
        assertThat(next.written()).isEqualTo(Map.of("b/y", 20L, "b/z", 30L));
        assertThat(next.pending()).containsExactly(write("b/x", 40));
        assertThat(next.isWritten("b/y", 20)).isTrue();
        assertThat(next.isWritten("b/y", 21)).isFalse();
        assertThat(next.isWritten("b/x", 40)).as("pending is not written yet").isFalse();
        assertThat(next.completed().isWritten("b/x", 40)).isTrue();
    }

    @Test
    void onRestartOnlyThePendingObjectsThatLandedCount() {
        PendingWrite landed = write("b/x", 12);
        PendingWrite lost = write("b/y", 13);
        PartitionIndex stored = PartitionIndex.empty().beforeWriting(5, List.of(landed, lost));

        PartitionIndex resolved = stored.resolved(Set.of(landed)::contains);

        assertThat(resolved.safeOffset()).isEqualTo(5);
        assertThat(resolved.written()).isEqualTo(Map.of("b/x", 12L));
        assertThat(resolved.pending()).isEmpty();
    }

    @Test
    void roundTripsThroughJson() {
        PartitionIndex index = PartitionIndex.empty().beforeWriting(0, List.of(write("b/x", 3))).completed()
                .beforeWriting(2, List.of(write("b/y", 9)));

        PartitionIndex read = PartitionIndex.parse(index.toJson("sink", TP, "w1"), TP, "s3://b/i");

        assertThat(read.safeOffset()).isEqualTo(2);
        assertThat(read.written()).isEqualTo(Map.of("b/x", 3L));
        assertThat(read.pending()).containsExactly(write("b/y", 9));
    }

    @Test
    void anIndexOfAnotherPartitionIsRefused() {
        byte[] other = PartitionIndex.empty().toJson("sink", new TopicPartition("orders", 2), "w1");

        assertThatThrownBy(() -> PartitionIndex.parse(other, TP, "s3://b/.indexes/sink/orders/1.json"))
                .isInstanceOf(ConnectException.class)
                .hasMessage("index object s3://b/.indexes/sink/orders/1.json is not a version 1 index of orders-1;"
                        + " move it away to start this partition afresh from Kafka's committed offset");
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> PartitionIndex.parse("{not json".getBytes(StandardCharsets.UTF_8), TP, "s3://b/i"))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("index object s3://b/i is not JSON");
    }

    private static PendingWrite write(String group, long lastOffset) {
        return new PendingWrite("b", group.substring(2) + "/orders(1_" + lastOffset + ").json", group, lastOffset);
    }
}
