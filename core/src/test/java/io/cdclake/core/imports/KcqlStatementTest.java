package io.cdclake.core.imports;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KcqlStatementTest {

    private static KcqlStatement one(String kcql) {
        List<KcqlStatement> all = KcqlStatement.parseAll(kcql, "sink.properties", "connect.s3.kcql");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void theArticlesStatementWithItsWithFlushClauses() {
        KcqlStatement s = one("INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.datalake.cdc_events"
                + " PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50");

        assertThat(s.bucket()).isEqualTo("data-lake-demo-cevo");
        assertThat(s.prefix()).isEqualTo("cdc-events");
        assertThat(s.select()).isEqualTo("*");
        assertThat(s.topic()).isEqualTo("msk.datalake.cdc_events");
        assertThat(s.partitionBy()).containsExactly("customer_id", "order_id");
        assertThat(s.storeAs()).isEqualTo("json");
        assertThat(s.flush()).containsExactly(Map.entry("interval", "60"), Map.entry("count", "50"));
        assertThat(s.properties()).isEmpty();
        assertThat(s.others()).isEmpty();
    }

    @Test
    void currentLensesPropertiesInLowerCaseWithQuotedTopicAndPrefixPath() {
        KcqlStatement s = one("insert into `lake:raw/orders` select * from `shop.public.orders` partitionby"
                + " _topic, order_id storeas 'parquet' properties('flush.count'=500, 'flush.interval'=30,"
                + " 'padding.type'='LeftPad', 'store.envelope'=true)");

        assertThat(s.bucket()).isEqualTo("lake");
        assertThat(s.prefix()).isEqualTo("raw/orders");
        assertThat(s.topic()).isEqualTo("shop.public.orders");
        assertThat(s.partitionBy()).containsExactly("_topic", "order_id");
        assertThat(s.storeAs()).isEqualTo("parquet");
        assertThat(s.flush()).isEmpty();
        assertThat(s.properties()).containsExactly(Map.entry("flush.count", "500"), Map.entry("flush.interval", "30"),
                Map.entry("padding.type", "LeftPad"), Map.entry("store.envelope", "true"));
    }

    @Test
    void noPartitionAndClausesItDoesNotMapAreKeptAsWritten() {
        KcqlStatement s = one("INSERT INTO b:p SELECT * FROM t NOPARTITION STOREAS `json` WITH_PARTITIONER = Values");

        assertThat(s.noPartition()).isTrue();
        assertThat(s.partitionBy()).isEmpty();
        assertThat(s.others()).containsExactly("WITH_PARTITIONER = Values");
    }

    @Test
    void statementsAreSeparatedBySemicolons() {
        List<KcqlStatement> all = KcqlStatement.parseAll("INSERT INTO b:p SELECT * FROM a PARTITIONBY x;"
                + " INSERT INTO b:q SELECT * FROM c PARTITIONBY y;", "f", "k");

        assertThat(all).extracting(KcqlStatement::topic).containsExactly("a", "c");
        assertThat(all).extracting(KcqlStatement::prefix).containsExactly("p", "q");
    }

    @Test
    void whatIsNotAStatementIsOneLineNamingTheFileAndKey() {
        assertThatThrownBy(() -> one("SELECT * FROM t")).isInstanceOf(ImportException.class)
                .hasMessage("sink.properties: connect.s3.kcql: is not a KCQL statement: 'SELECT * FROM t'. Fix: write"
                        + " INSERT INTO <bucket>:<prefix> SELECT * FROM <topic> ...");
        assertThatThrownBy(() -> one("INSERT INTO b:p SELECT * FROM t PARTITIONBY")).isInstanceOf(ImportException.class)
                .hasMessageContaining("ends where it expects a field after PARTITIONBY");
        assertThatThrownBy(() -> one("INSERT INTO b:p SELECT * FROM t PROPERTIES('flush.count'=5"))
                .isInstanceOf(ImportException.class).hasMessageContaining("')' closing PROPERTIES");
        assertThatThrownBy(() -> one(" ; ")).isInstanceOf(ImportException.class).hasMessageContaining("holds no statement");
    }
}
