package io.cdclake.cli;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.local.TopicInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "List the topics of a running 'up' with their message counts.")
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Endpoints endpoints = Endpoints.read(dataDir.path());
        PrintWriter out = spec.commandLine().getOut();
        try (TopicInspector topics = new TopicInspector(endpoints.kafka().bootstrapServers())) {
            Map<String, Long> counts = topics.topics();
            int width = counts.keySet().stream().mapToInt(String::length).max().orElse(5);
            out.printf("%-" + width + "s  %s%n", "TOPIC", "MESSAGES");
            counts.forEach((name, n) -> out.printf("%-" + width + "s  %d%n", name, n));
        }
        return 0;
    }
}
