package io.cdclake.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings are refused with the option, the value and the fix in one line. */
class BenchSettingsTest {

    @TempDir
    Path dir;

    private BenchSettings settings(int scale, int runs, Map<String, String> tuning, int rate, int seconds) throws Exception {
        Path pipeline = Files.writeString(dir.resolve("p.yaml"), "name: p\n");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        return new BenchSettings(pipeline, dir, List.of(plugins), scale, runs, null, tuning, 10, rate, seconds,
                Part.parse(Part.ALL), BenchSettings.DEFAULT_PUT_THREADS, 60, false);
    }

    @Test
    void acceptsTheDefaults() {
        assertThatCode(() -> settings(1, 3, Map.of("producer.lingerMs", "5", "converterSchemas", "false"), 10, 30))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAScaleBelowOne() {
        assertThatThrownBy(() -> settings(0, 3, Map.of(), 10, 30))
                .hasMessageStartingWith("--scale 0 must be 1 or more;");
    }

    @Test
    void refusesAnUnknownTuningSettingNamingTheKnownOnes() {
        assertThatThrownBy(() -> settings(1, 3, Map.of("maxBatchSiz", "5"), 10, 30))
                .hasMessageStartingWith("--tuning maxBatchSiz=5: no such setting; use one of maxBatchSize,");
    }

    @Test
    void refusesATuningValueOfTheWrongKind() {
        assertThatThrownBy(() -> settings(1, 3, Map.of("producer.compressionType", "brotli"), 10, 30))
                .hasMessageStartingWith("--tuning producer.compressionType=brotli: give none, gzip, snappy, lz4 or zstd");
        assertThatThrownBy(() -> settings(1, 3, Map.of("maxQueueSize", "0"), 10, 30))
                .hasMessageStartingWith("--tuning maxQueueSize=0: give a whole number of at least 1");
    }

    @Test
    void refusesAnUnknownPartNamingTheKnownOnes() {
        assertThatThrownBy(() -> Part.parse("debezium,s3"))
                .hasMessageStartingWith("--parts debezium,s3: no part 's3'; give some of debezium,sink,s3-server");
        assertThat(Part.parse(" sink , s3-server")).containsExactly(Part.SINK, Part.S3_SERVER);
        assertThat(Part.parse("none")).isEmpty();
    }

    @Test
    void refusesMoreLatencyTransactionsThanOrders() {
        assertThatThrownBy(() -> settings(1, 3, Map.of(), 10, 100))
                .hasMessageStartingWith("--rate 10 x --duration 100 = 1000 transactions, one order each, but scale 1 has 829 orders;");
    }
}
