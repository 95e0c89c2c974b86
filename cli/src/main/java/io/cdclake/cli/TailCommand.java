package io.cdclake.cli;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.local.TopicInspector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print the last messages of a topic of a running 'up' (partition, offset, key, value).")
final class TailCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC", description = "The topic, e.g. msk.datalake.cdc_events.")
    String topic;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "10",
            description = "How many messages (default: ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    DataDirOption dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--lines must be at least 1, was " + count);
        }
        Endpoints endpoints = Endpoints.read(dataDir.path());
        PrintWriter out = spec.commandLine().getOut();
        try (TopicInspector topics = new TopicInspector(endpoints.kafka().bootstrapServers())) {
            for (ConsumerRecord<String, String> r : topics.tail(topic, count, Duration.ofSeconds(10))) {
                out.printf("%d:%d key=%s%n%s%n", r.partition(), r.offset(), r.key(), r.value());
            }
        }
        return 0;
    }
}
