package io.cdclake.s3sink.write;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record the sink cannot place: a PARTITIONBY field it lacks, a value that is not JSON. The message names the
 * topic, partition, offset and the reason; Connect's error handling (errors.tolerance, dead letter queue)
 * decides what happens next.
 */
public final class BadRecordException extends DataException {

    BadRecordException(SinkRecord record, String problem, String fix) {
        super("topic " + record.topic() + ", partition " + record.kafkaPartition() + ", offset "
                + record.kafkaOffset() + ": " + problem + "; " + fix);
    }
}
