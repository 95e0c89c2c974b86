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
        f.addAll(objectFigures("into S3", landed.objects().size(), landed.s3(), landed.cpu()));
        f.add(new Figure("Kafka / raw", kafkaRate / rawRate, Figure.RATIO));
        f.add(new Figure("S3 / raw", s3Rate / rawRate, Figure.RATIO));
        return f;
    }

    /** Objects a second, and the CPU per object of the client and (when it runs in this JVM) of the S3 server. */
    static List<Figure> objectFigures(String part, long objects, Duration took, ThreadCpu.Split cpu) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure(part + " object rate", objects / seconds(took), Figure.OBJECT_RATE));
        f.add(new Figure(part + " client CPU", cpu.clientMillisPer(objects), Figure.CPU_PER_OBJECT));
        if (cpu.serverSeen()) {
            f.add(new Figure(part + " server CPU", cpu.serverMillisPer(objects), Figure.CPU_PER_OBJECT));
        }
        return f;
    }

    private double rate(Duration took) {
        return changes / seconds(took);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
