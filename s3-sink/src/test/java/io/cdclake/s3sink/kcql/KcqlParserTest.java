package io.cdclake.s3sink.kcql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KcqlParserTest {

    static final String ARTICLE = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.datalake.cdc_events"
            + " PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50";

    @Test
    void parsesTheArticlesStatementVerbatim() {
        List<KcqlStatement> statements = article(ARTICLE);

        assertThat(statements).hasSize(1);
        KcqlStatement s = statements.get(0);
        assertThat(s.bucket()).isEqualTo("data-lake-demo-cevo");
        assertThat(s.prefix()).isEqualTo("cdc-events");
        assertThat(s.topic()).isEqualTo("msk.datalake.cdc_events");
        assertThat(s.partitionBy()).extracting(PartitionField::label).containsExactly("customer_id", "order_id");
        assertThat(s.partitionBy()).extracting(PartitionField::source)
                .containsOnly(PartitionField.Source.VALUE);
        assertThat(s.format()).isEqualTo("json");
        assertThat(s.flush().count()).isEqualTo(50);
        assertThat(s.flush().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.flush().sizeBytes()).isEqualTo(FlushPolicy.DEFAULT_SIZE_BYTES);
        assertThat(s.valuesOnly()).isFalse();
    }

    @Test
    void keywordsInAnyCaseAndNewlines() {
        KcqlStatement s = article("insert into my-bucket:ab\n select *\n from orders\n"
                + " partitionBy (`customer id`, _value.address.city) storeAs JSON with_flush_size 1024").get(0);

        assertThat(s.prefix()).isEqualTo("ab");
        assertThat(s.partitionBy()).extracting(PartitionField::label).containsExactly("customer id", "address.city");
        assertThat(s.partitionBy().get(1).path()).containsExactly("address", "city");
        assertThat(s.flush().sizeBytes()).isEqualTo(1024);
        assertThat(s.flush().count()).isEqualTo(FlushPolicy.DEFAULT_COUNT);
    }

    @Test
    void backTicksEscapeKeywordsAndDots() {
        KcqlStatement s = article("INSERT INTO `my-bucket`:`from` SELECT * FROM `select`"
                + " PARTITIONBY `a.b`, _value.`c.d`, _key.id, _header.tenant, _key").get(0);

        assertThat(s.bucket()).isEqualTo("my-bucket");
        assertThat(s.prefix()).isEqualTo("from");
        assertThat(s.topic()).isEqualTo("select");
        assertThat(s.partitionBy()).extracting(PartitionField::path).containsExactly(
                List.of("a.b"), List.of("c.d"), List.of("id"), List.of("tenant"), List.of());
        assertThat(s.partitionBy()).extracting(PartitionField::source).containsExactly(
                PartitionField.Source.VALUE, PartitionField.Source.VALUE, PartitionField.Source.KEY,
                PartitionField.Source.HEADER, PartitionField.Source.KEY);
        assertThat(s.partitionBy()).extracting(PartitionField::label)
                .containsExactly("a.b", "c.d", "id", "tenant", "_key");
    }

    @Test
    void severalStatementsSeparatedBySemicolons() {
        List<KcqlStatement> statements = current("INSERT INTO bucket-a SELECT * FROM t1 NOPARTITION;\n"
                + "INSERT INTO bucket-b:p SELECT * FROM t2 PROPERTIES('flush.count'=5, 'flush.interval'=7,"
                + " 'flush.size'='99',);;");

        assertThat(statements).extracting(KcqlStatement::number).containsExactly(1, 2);
        assertThat(statements.get(0).prefix()).isEmpty();
        assertThat(statements.get(0).partitionBy()).isEmpty();
        assertThat(statements.get(0).target()).isEqualTo("bucket-a");
        assertThat(statements.get(1).flush()).isEqualTo(FlushPolicy.of(5, 99, Duration.ofSeconds(7)));
    }

    @Test
    void valuesPartitionerDropsTheFieldNames() {
        KcqlStatement s = article("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a"
                + " WITHPARTITIONER = Values").get(0);

        assertThat(s.valuesOnly()).isTrue();
    }

    @Test
    void aTrailingSlashOfThePrefixIsDropped() {
        assertThat(current("INSERT INTO bucket-a:`p/q/` SELECT * FROM t").get(0).prefix()).isEqualTo("p/q");
        assertThat(article("INSERT INTO bucket-a:`p/` SELECT * FROM t").get(0).prefix()).isEqualTo("p");
    }

    /** Lenses 3.0's RemoteS3RootLocation: "Nested prefix not currently supported". */
    @Test
    void theArticlesLensesTakesAPrefixOfOnePartOnly() {
        assertRefused(() -> article("INSERT INTO bucket-a:raw/events SELECT * FROM t PARTITIONBY a"), 22, "raw/events",
                "Lenses 3 takes a prefix of one part only ('Nested prefix not currently supported'); write one part"
                        + " without '/', or set connect.s3.compatibility=lenses-9 for current Lenses");
    }

    @Test
    void theArticlesLensesNamesNoPartitionByTopicAndPartitionAsWithoutPartitionBy() {
        KcqlStatement article = article("INSERT INTO bucket-a:raw SELECT * FROM t NOPARTITION").get(0);
        KcqlStatement current = current("INSERT INTO bucket-a:raw SELECT * FROM t NOPARTITION").get(0);

        assertThat(article.partitionBy()).extracting(PartitionField::source)
                .containsExactly(PartitionField.Source.TOPIC, PartitionField.Source.PARTITION);
        assertThat(article.naming()).isEqualTo(KcqlStatement.Naming.OFFSET);
        assertThat(current.partitionBy()).isEmpty();
        assertThat(current.naming()).isEqualTo(KcqlStatement.Naming.TOPIC_PARTITION_OFFSET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "INSERT INTO bucket-a SELECT * FORM t | 31 | FORM | expected FROM",
            "INSERT bucket-a SELECT * FROM t | 8 | bucket-a | expected INTO",
            "INSERT INTO SELECT * FROM t | 13 | SELECT | expected a bucket name after INSERT INTO",
            "INSERT INTO bucket-a SELECT a, b FROM t | 29 | a | only SELECT * is supported",
            "INSERT INTO bucket-a SELECT * FROM t STOREAS `avro` | 46 | `avro` | STOREAS avro is not supported",
            "INSERT INTO bucket-a SELECT * FROM t STOREAS xml | 46 | xml | unknown STOREAS format 'xml'",
            "INSERT INTO bucket-a SELECT * FROM t WITH_FLUSH_COUNT = 0 | 57 | 0 | greater than 0",
            "INSERT INTO bucket-a SELECT * FROM t WITH_FLUSH_INTERVAL = soon | 60 | soon | an interval in seconds",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a NOPARTITION | 52 | NOPARTITION | exclude each other",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a, a | 53 | a | listed twice",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY a, | 52 | | expected a field name",
            "INSERT INTO Bucket_A SELECT * FROM t | 13 | Bucket_A | not a valid S3 bucket name",
            "INSERT INTO ab SELECT * FROM t | 13 | ab | 3 to 63 characters",
            "INSERT INTO bucket-a:/p SELECT * FROM t | 22 | /p | must not start with '/'",
            "INSERT INTO bucket-a SELECT * FROM `*` | 36 | `*` | all topics",
            "INSERT INTO bucket-a SELECT * FROM t$x | 36 | t$x | not a valid Kafka topic name",
            "INSERT INTO bucket-a SELECT * FROM t WITH_FLUSH_COUNT = 5 WITH_FLUSH_COUNT = 6 | 59 | WITH_FLUSH_COUNT | given twice",
            "INSERT INTO bucket-a SELECT * FROM t LIMIT 5 | 38 | LIMIT | expected PARTITIONBY",
            "INSERT INTO bucket-a SELECT * FROM `t | 36 | `t | unterminated back-tick name",
            "INSERT INTO bucket-a SELECT * FROM t # | 38 | # | unexpected character",
            "INSERT INTO bucket-a SELECT * | 30 | | expected FROM, but the text ends",
            "INSERT INTO bucket-a SELECT * FROM t WITHPARTITIONER = Keys | 56 | Keys | unknown partitioner",
            "INSERT INTO bucket-a SELECT * FROM t WITH_FLUSH_SIZE = 99999999999999999999 | 56 | 99999999999999999999 | too large",
    })
    void refusesWithPositionAndToken(String kcql, int position, String token, String problem) {
        assertRefused(() -> article(kcql), position, token, problem);
    }

    @Test
    void withoutPartitionByEachKafkaPartitionIsADirectoryOfValues() {
        KcqlStatement current = current("INSERT INTO bucket-a:raw SELECT * FROM t").get(0);
        KcqlStatement article = article("INSERT INTO bucket-a:raw SELECT * FROM t").get(0);

        assertThat(current.partitionBy()).extracting(PartitionField::source)
                .containsExactly(PartitionField.Source.TOPIC, PartitionField.Source.PARTITION);
        assertThat(current.valuesOnly()).isTrue();
        assertThat(current.naming()).isEqualTo(KcqlStatement.Naming.OFFSET_TIMESTAMPS);
        assertThat(article.naming()).isEqualTo(KcqlStatement.Naming.OFFSET);
    }

    @Test
    void currentLensesReadsTheRecordsPlaceAndTimeInPartitionBy() {
        KcqlStatement s = current("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY _topic, _partition,"
                + " _date.uuuu, _date.`MM-dd`, _key PROPERTIES('partition.include.keys'=false)").get(0);

        assertThat(s.partitionBy()).extracting(PartitionField::source).containsExactly(PartitionField.Source.TOPIC,
                PartitionField.Source.PARTITION, PartitionField.Source.DATE, PartitionField.Source.DATE,
                PartitionField.Source.KEY);
        assertThat(s.partitionBy()).extracting(PartitionField::label)
                .containsExactly("topic", "partition", "date", "date", "key");
        assertThat(s.partitionBy().get(3).path()).containsExactly("MM-dd");
        assertThat(s.valuesOnly()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "INSERT INTO bucket-a SELECT * FROM t WITH_FLUSH_COUNT = 5 | 38 | WITH_FLUSH_COUNT | replaced by PROPERTIES('flush.count'=n) in Lenses 7.0",
            "INSERT INTO bucket-a SELECT * FROM t with_flush_interval 5 | 38 | with_flush_interval | write PROPERTIES('flush.interval'=seconds), or set connect.s3.compatibility=lenses-3",
            "INSERT INTO bucket-a SELECT * FROM t WITHPARTITIONER = Values | 38 | WITHPARTITIONER | PROPERTIES('partition.include.keys'=true|false)",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('store.envelope'=true) | 49 | 'store.envelope' | not supported by this sink",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('flush.count'=5, 'flush.count'=6) | 66 | 'flush.count' | given twice",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('padding.type'='Middle') | 64 | 'Middle' | use 'LeftPad', 'RightPad' or 'NoOp'",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('padding.char'='00') | 64 | '00' | one character",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('partition.include.keys'=maybe) | 74 | maybe | expected true or false",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('key.suffix'='a/b') | 62 | 'a/b' | without '/'",
            "INSERT INTO bucket-a SELECT * FROM t PROPERTIES('read.text.mode'='x') | 49 | 'read.text.mode' | not supported; supported: 'flush.count'",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY _date | 50 | _date | one date pattern",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY _date.qqqqqq | 50 | _date.qqqqqq | not a date pattern",
            "INSERT INTO bucket-a SELECT * FROM t PARTITIONBY _topic.name | 50 | _topic.name | takes no field path",
    })
    void currentLensesRefusesWithPositionAndToken(String kcql, int position, String token, String problem) {
        assertRefused(() -> current(kcql), position, token, problem);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable parse, int position,
                                      String token, String problem) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(KcqlException.class, e -> {
            assertThat(e.position()).isEqualTo(position);
            assertThat(e.token()).isEqualTo(token);
            assertThat(e.getMessage()).startsWith("position " + position).contains(problem);
        });
    }

    @Test
    void theArticlesLineRefusesWhatCameLater() {
        assertThatThrownBy(() -> article("INSERT INTO bucket-a SELECT * FROM t PROPERTIES('flush.count'=5)"))
                .hasMessageContaining("position 38 ('PROPERTIES'): Lenses 3 knows no PROPERTIES clause");
        assertThatThrownBy(() -> article("INSERT INTO bucket-a SELECT * FROM t PARTITIONBY _date.uuuu"))
                .hasMessageContaining("Lenses 3 has no _date partitions");
    }

    @Test
    void anErrorInTheSecondStatementPointsIntoIt() {
        String kcql = "INSERT INTO bucket-a SELECT * FROM t1; INSERT INTO bucket-b SELECT * FROM t2 STOREAS `parquet`";

        assertThatThrownBy(() -> article(kcql))
                .isInstanceOf(KcqlException.class)
                .hasMessage("position " + (kcql.indexOf("`parquet`") + 1) + " ('`parquet`'): STOREAS parquet is not"
                        + " supported: this sink writes json only (use the Lenses plugin for parquet)");
    }

    @Test
    void emptyTextIsRefused() {
        assertThatThrownBy(() -> article("  ;  ")).isInstanceOf(KcqlException.class)
                .hasMessageContaining("no statement");
    }

    private static List<KcqlStatement> current(String kcql) {
        return KcqlParser.parse(kcql, Compatibility.LENSES_9);
    }

    /** The article's Lenses line, whose KCQL these statements are written in. */
    private static List<KcqlStatement> article(String kcql) {
        return KcqlParser.parse(kcql, Compatibility.LENSES_3);
    }
}
