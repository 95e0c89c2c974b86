package io.cdclake.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cdclake.bench.Throughput.seconds;

/**
 * Each part's ceiling beside the end-to-end figures of the same changes. A part's share is its time alone over the
 * end-to-end time into S3, which is also the end-to-end rate over the part's ceiling: a share near 1 is the part
 * that bounds the pipeline, and shares adding up to well over 1 mean the parts slow each other down when they run
 * together (on two cores, by taking each other's CPU).
 *
 * @param endToEnd the changes raw and end to end
 * @param inTurn   Debezium alone, then the sink alone on the topic it filled (the debezium and sink parts)
 * @param server   the S3 server alone under the end-to-end run's objects (the s3-server part)
 */
record Decomposition(Throughput endToEnd, Optional<BenchSession.Landing> inTurn, Optional<S3ServerAlone.Puts> server) {

    static final String DEBEZIUM = "Debezium alone";
    static final String SINK = "sink alone";
    static final String SERVER = "S3 server alone";

    List<Figure> figures() {
        long changes = endToEnd.changes();
        Duration whole = endToEnd.landed().s3();
        List<Figure> f = new ArrayList<>();
        f.add(share("raw pgoutput", endToEnd.raw().took(), whole));
        f.add(share("into Kafka", endToEnd.landed().kafka(), whole));
        inTurn.ifPresent(turn -> {
            f.add(new Figure(DEBEZIUM + " rate", changes / seconds(turn.kafka()), Figure.RATE));
            f.add(share(DEBEZIUM, turn.kafka(), whole));
            f.add(new Figure(SINK + " rate", changes / seconds(turn.s3()), Figure.RECORD_RATE));
            f.addAll(Throughput.objectFigures(SINK, turn.objects().size(), turn.s3(), turn.cpu()));
            f.add(share(SINK, turn.s3(), whole));
        });
        server.ifPresent(puts -> {
            f.add(new Figure(SERVER + " threads", puts.threads(), Figure.COUNT));
            // the same objects as end to end, so the same changes: the server's ceiling in the pipeline's terms
            f.add(new Figure(SERVER + " rate", changes / seconds(puts.took()), Figure.RATE));
            f.addAll(Throughput.objectFigures(SERVER, puts.objects(), puts.took(), puts.cpu()));
            f.add(share(SERVER, puts.took(), whole));
        });
        return f;
    }

    private static Figure share(String part, Duration alone, Duration whole) {
        return new Figure(part + " share", seconds(alone) / seconds(whole), Figure.SHARE);
    }
}
