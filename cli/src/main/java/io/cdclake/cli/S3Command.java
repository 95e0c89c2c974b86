package io.cdclake.cli;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.local.SinkBucket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "s3", mixinStandardHelpOptions = true,
        description = "Look inside the pipeline's bucket on a running 'up' (what the S3 console shows).",
        subcommands = {S3Command.Ls.class, S3Command.Cat.class})
final class S3Command {

    static SinkBucket bucket(DataDirOption dataDir) {
        return SinkBucket.of(Endpoints.read(dataDir.path()).s3());
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List objects (size and key) under a prefix.")
    static final class Ls implements Callable<Integer> {
        @Parameters(paramLabel = "PREFIX", arity = "0..1", defaultValue = "",
                description = "Key prefix, e.g. cdc-events/customer_id=RICSU/ (default: the whole bucket).")
        String prefix;

        @Mixin
        DataDirOption dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (SinkBucket bucket = bucket(dataDir)) {
                List<SinkBucket.Entry> entries = bucket.list(prefix);
                entries.forEach(e -> spec.commandLine().getOut().printf("%10d  s3://%s/%s%n", e.size(), bucket.bucket(), e.key()));
                spec.commandLine().getOut().printf("%d object(s)%n", entries.size());
            }
            return 0;
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true, description = "Print one object's content.")
    static final class Cat implements Callable<Integer> {
        @Parameters(paramLabel = "KEY", description = "The object's key, as 's3 ls' prints it (s3://bucket/ optional).")
        String key;

        @Mixin
        DataDirOption dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (SinkBucket bucket = bucket(dataDir)) {
                String prefix = "s3://" + bucket.bucket() + "/";
                String plain = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
                spec.commandLine().getOut().print(bucket.read(plain));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
