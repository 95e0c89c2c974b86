package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlParser;
import io.cdclake.s3sink.kcql.KcqlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectKeysTest {

    private static final String ARTICLE = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM"
            + " msk.datalake.cdc_events PARTITIONBY customer_id,order_id STOREAS `json`";

    @Test
    void theArticlesLayoutAsLenses3WritesIt() {
        KcqlStatement s = statement(ARTICLE, Compatibility.LENSES_3);

        assertThat(file(s, List.of("RATTC", "11077"), "msk.datalake.cdc_events", 0, 828))
                .isEqualTo("cdc-events/customer_id=RATTC/order_id=11077/msk.datalake.cdc_events(0_828).json");
    }

    @Test
    void currentLensesPadsTheOffsetToTwelveDigits() {
        KcqlStatement s = statement(ARTICLE, Compatibility.LENSES_9);

        assertThat(file(s, List.of("ALFLI", "10764"), "msk.datalake.cdc_events", 0, 516))
                .isEqualTo("cdc-events/customer_id=ALFLI/order_id=10764/msk.datalake.cdc_events(0_000000000516).json");
    }

    @Test
    void paddingPropertiesChooseWhatIsPaddedAndHow() {
        KcqlStatement both = statement("INSERT INTO bucket-a:p SELECT * FROM t NOPARTITION"
                + " PROPERTIES('padding.length.partition'=3, 'padding.length.offset'=5, 'padding.char'='x')",
                Compatibility.LENSES_9);
        KcqlStatement right = statement("INSERT INTO bucket-a:p SELECT * FROM t NOPARTITION"
                + " PROPERTIES('padding.type'='RightPad')", Compatibility.LENSES_9);
        KcqlStatement none = statement("INSERT INTO bucket-a:p SELECT * FROM t NOPARTITION"
                + " PROPERTIES('padding.type'='NoOp')", Compatibility.LENSES_9);

        assertThat(file(both, List.of(), "t", 2, 9)).isEqualTo("p//t(xx2_xxxx9).json");
        assertThat(file(right, List.of(), "t", 2, 9)).isEqualTo("p//t(2_900000000000).json");
        assertThat(file(none, List.of(), "t", 2, 9)).isEqualTo("p//t(2_9).json");
    }

    /** Lenses 9 joins prefix, directories and file name with '/' even when there is no directory. */
    @Test
    void currentLensesWritesNoPartitionBehindAnEmptySegment() {
        KcqlStatement withPrefix = statement("INSERT INTO bucket-a:a/b SELECT * FROM t NOPARTITION", Compatibility.LENSES_9);
        KcqlStatement atRoot = statement("INSERT INTO bucket-a SELECT * FROM t NOPARTITION", Compatibility.LENSES_9);
        KcqlStatement partitioned = statement("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a", Compatibility.LENSES_9);

        assertThat(file(withPrefix, List.of(), "t", 2, 9)).isEqualTo("a/b//t(2_000000000009).json");
        assertThat(file(atRoot, List.of(), "t", 2, 9)).isEqualTo("/t(2_000000000009).json");
        assertThat(file(partitioned, List.of("x"), "t", 2, 9)).isEqualTo("a=x/t(2_000000000009).json");
    }

    /** Lenses 3.0 names no partition, with NOPARTITION or without PARTITIONBY, by topic and partition. */
    @Test
    void theArticlesLensesWritesNoPartitionByTopicAndPartitionUnderStreamreactorWithoutAPrefix() {
        KcqlStatement withPrefix = statement("INSERT INTO bucket-a:raw SELECT * FROM t NOPARTITION", Compatibility.LENSES_3);
        KcqlStatement atRoot = statement("INSERT INTO bucket-a SELECT * FROM t NOPARTITION", Compatibility.LENSES_3);
        KcqlStatement partitioned = statement("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a", Compatibility.LENSES_3);

        assertThat(file(withPrefix, List.of("t", "2"), "t", 2, 9)).isEqualTo("raw/t/2/9.json");
        assertThat(file(atRoot, List.of("t", "2"), "t", 2, 9)).isEqualTo("streamreactor/t/2/9.json");
        assertThat(file(partitioned, List.of("x"), "t", 2, 9)).isEqualTo("streamreactor/a=x/t(2_9).json");
    }

    @Test
    void withoutPartitionByEachKafkaPartitionHasItsDirectory() {
        KcqlStatement current = statement("INSERT INTO bucket-a:raw SELECT * FROM t", Compatibility.LENSES_9);
        KcqlStatement article = statement("INSERT INTO bucket-a:raw SELECT * FROM t", Compatibility.LENSES_3);

        String directory = ObjectKeys.directory(current, List.of("t", "2"));
        assertThat(ObjectKeys.file(current, directory, "t", 2, 9, 1_700_000_000_000L, 1_700_000_000_500L))
                .isEqualTo("raw/t/2/000000000009_1700000000000_1700000000500.json");
        assertThat(file(article, List.of("t", "2"), "t", 2, 9)).isEqualTo("raw/t/2/9.json");
    }

    @Test
    void aKeySuffixEndsTheNameBeforeItsExtension() {
        KcqlStatement s = statement("INSERT INTO bucket-a:p SELECT * FROM t PARTITIONBY a"
                + " PROPERTIES('key.suffix'='-eu')", Compatibility.LENSES_9);

        assertThat(file(s, List.of("x"), "t", 0, 1)).isEqualTo("p/a=x/t(0_000000000001)-eu.json");
    }

    @Test
    void valuesOnlyDirectoriesFromEitherLinesSyntax() {
        KcqlStatement article = statement("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a, b"
                + " WITHPARTITIONER = Values", Compatibility.LENSES_3);
        KcqlStatement current = statement("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a, b"
                + " PROPERTIES('partition.include.keys'=false)", Compatibility.LENSES_9);

        assertThat(ObjectKeys.directory(article, List.of("x", "y"))).isEqualTo("streamreactor/x/y");
        assertThat(ObjectKeys.directory(current, List.of("x", "y"))).isEqualTo("x/y");
    }

    @Test
    void aSlashInAValueIsADashForLenses3AndADirectoryForLenses9() {
        String kcql = "INSERT INTO bucket-a:p SELECT * FROM t PARTITIONBY region";

        assertThat(ObjectKeys.directory(statement(kcql, Compatibility.LENSES_3), List.of("eu/west")))
                .isEqualTo("p/region=eu-west");
        assertThat(ObjectKeys.directory(statement(kcql, Compatibility.LENSES_9), List.of("eu/west")))
                .isEqualTo("p/region=eu/west");
    }

    @Test
    void indexObjectsLiveOutsideTheDataPrefix() {
        assertThat(ObjectKeys.index(".indexes", "s3-sink", "msk.datalake.cdc_events", 4))
                .isEqualTo(".indexes/s3-sink/msk.datalake.cdc_events/4.json");
    }

    private static KcqlStatement statement(String kcql, Compatibility line) {
        return KcqlParser.parse(kcql, line).get(0);
    }

    private static String file(KcqlStatement s, List<String> values, String topic, int partition, long offset) {
        return ObjectKeys.file(s, ObjectKeys.directory(s, values), topic, partition, offset, 0, 0);
    }
}
