package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.KcqlParser;
import io.cdclake.s3sink.kcql.KcqlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectKeysTest {

    @Test
    void theArticlesLayout() {
        KcqlStatement s = KcqlParser.parse("INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM"
                + " msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json`").get(0);

        String directory = ObjectKeys.directory(s, List.of("RATTC", "11077"));

        assertThat(ObjectKeys.file(directory, "msk.datalake.cdc_events", 0, 828))
                .isEqualTo("cdc-events/customer_id=RATTC/order_id=11077/msk.datalake.cdc_events(0_828).json");
    }

    @Test
    void noPartitionWritesUnderThePrefixOrTheBucketRoot() {
        KcqlStatement withPrefix = KcqlParser.parse("INSERT INTO bucket-a:a/b SELECT * FROM t NOPARTITION").get(0);
        KcqlStatement atRoot = KcqlParser.parse("INSERT INTO bucket-a SELECT * FROM t").get(0);

        assertThat(ObjectKeys.file(ObjectKeys.directory(withPrefix, List.of()), "t", 2, 9)).isEqualTo("a/b/t(2_9).json");
        assertThat(ObjectKeys.file(ObjectKeys.directory(atRoot, List.of()), "t", 2, 9)).isEqualTo("t(2_9).json");
    }

    @Test
    void valuesPartitionerWritesValuesOnly() {
        KcqlStatement s = KcqlParser.parse("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a, b"
                + " WITHPARTITIONER = Values").get(0);

        assertThat(ObjectKeys.directory(s, List.of("x", "y"))).isEqualTo("x/y");
    }

    @Test
    void indexObjectsLiveOutsideTheDataPrefix() {
        assertThat(ObjectKeys.index(".indexes", "s3-sink", "msk.datalake.cdc_events", 4))
                .isEqualTo(".indexes/s3-sink/msk.datalake.cdc_events/4.json");
    }
}
