package io.cdclake.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The same changes read raw through pgoutput and carried by the pipeline into Kafka and into S3. */
record Throughput(long changes, RawDecoding.Decoded raw, BenchSession.Landing landed) {

    List<Figure> figures() {
        double rawRate = raw.rate();
        double kafkaRate = rate(landed.kafka());
        double s3Rate = rate(landed.s3());
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("changes", changes, Figure.COUNT));
        f.add(new Figure("raw pgoutput", seconds(raw.took()), Figure.SECONDS));
        f.add(new Figure("raw pgoutput rate", rawRate, Figure.RATE));
        f.add(new Figure("into Kafka", seconds(landed.kafka()), Figure.SECONDS));
        f.add(new Figure("into Kafka rate", kafkaRate, Figure.RATE));
        f.add(new Figure("into S3", seconds(landed.s3()), Figure.SECONDS));
        f.add(new Figure("into S3 rate", s3Rate, Figure.RATE));
        f.add(new Figure("Kafka / raw", kafkaRate / rawRate, Figure.RATIO));
        f.add(new Figure("S3 / raw", s3Rate / rawRate, Figure.RATIO));
        return f;
    }

    private double rate(Duration took) {
        return changes / seconds(took);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
