package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.Tuning;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.TuningSetting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pipeline a benchmark runs: the file's, with {@code --tuning key=value} settings (the keys of
 * {@link TuningSetting}, as under {@code debezium.tuning} in a pipeline file) and {@code --flush-interval} applied
 * to its local environment.
 */
final class TuningOverrides {

    private TuningOverrides() {
    }

    /** @throws IllegalArgumentException naming the first bad {@code --tuning} entry and the fix */
    static void check(Map<String, String> overrides) {
        apply(Tuning.DEFAULTS, overrides);
    }

    /** The settings go into the local environment, so they win over both the pipeline's and the environment's. */
    static Pipeline apply(Pipeline pipeline, Map<String, String> overrides, Integer flushIntervalSeconds) {
        Environment local = pipeline.environment(BenchSession.ENVIRONMENT);
        Environment.Builder env = local.toBuilder()
                .tuning(apply(local.tuning() == null ? Tuning.DEFAULTS : local.tuning(), overrides));
        if (flushIntervalSeconds != null) {
            Flush flush = local.flush() == null ? new Flush(null, null, null) : local.flush();
            env.flush(new Flush(flushIntervalSeconds, flush.count(), flush.sizeBytes()));
        }
        return pipeline.toBuilder().environment(BenchSession.ENVIRONMENT, env.build()).build();
    }

    /** {@code key=value, ...} of the settings in effect that differ from the defaults, or "defaults". */
    static String describe(Pipeline pipeline) {
        Tuning tuning = pipeline.tuning(BenchSession.ENVIRONMENT);
        String set = Arrays.stream(TuningSetting.values()).filter(s -> s.value(tuning) != null)
                .map(s -> s.key() + "=" + s.value(tuning)).collect(Collectors.joining(", "));
        String flush = "flush " + pipeline.flush(BenchSession.ENVIRONMENT).intervalSeconds() + " s";
        return (set.isEmpty() ? "tuning defaults" : set) + ", " + flush;
    }

    private static Tuning apply(Tuning base, Map<String, String> overrides) {
        Tuning.Builder b = base.toBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            TuningSetting setting = Arrays.stream(TuningSetting.values()).filter(s -> s.key().equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--tuning " + e.getKey() + "="
                            + e.getValue() + ": no such setting; use one of " + Arrays.stream(TuningSetting.values())
                            .map(TuningSetting::key).collect(Collectors.joining(", "))));
            set(b, setting, e.getValue());
        }
        return b.build();
    }

    private static void set(Tuning.Builder b, TuningSetting setting, String value) {
        switch (setting) {
            case MAX_BATCH_SIZE -> b.maxBatchSize(number(setting, value));
            case MAX_QUEUE_SIZE -> b.maxQueueSize(number(setting, value));
            case POLL_INTERVAL_MS -> b.pollIntervalMs(number(setting, value));
            case PRODUCER_LINGER_MS -> b.lingerMs(number(setting, value));
            case PRODUCER_BATCH_SIZE -> b.batchSize(number(setting, value));
            case CONVERTER_SCHEMAS -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw bad(setting, value, "true or false");
                }
                b.converterSchemas(Boolean.parseBoolean(value));
            }
            case PRODUCER_COMPRESSION_TYPE -> {
                try {
                    b.compressionType(Tuning.Compression.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw bad(setting, value, "none, gzip, snappy, lz4 or zstd");
                }
            }
        }
    }

    private static int number(TuningSetting setting, String value) {
        try {
            int n = Integer.parseInt(value);
            if (setting.min() != null && n < setting.min()) {
                throw bad(setting, value, "a whole number of at least " + setting.min());
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(setting, value, "a whole number, e.g. " + setting.key() + "=" + setting.defaultValue());
        }
    }

    private static IllegalArgumentException bad(TuningSetting setting, String value, String expected) {
        return new IllegalArgumentException("--tuning " + setting.key() + "=" + value + ": give " + expected
                + " (" + setting.doc() + ")");
    }
}
