package io.cdclake.cli;

import io.cdclake.core.validate.InvalidPipelineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdclake} command. Exit codes follow the project's contract: 0 ok, 1 failure, 2 bad usage.
 * A failure prints one line naming what went wrong; {@code CDCLAKE_DEBUG=1} adds the stack trace.
 */
@Command(name = "cdclake",
        mixinStandardHelpOptions = true,
        versionProvider = CdcLake.Version.class,
        description = "Change-data-capture pipelines from PostgreSQL through Kafka Connect into S3, "
                + "on your laptop or on Amazon MSK Connect.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                UpCommand.class,
                ScenarioCommand.class,
                LoadDbCommand.class,
                TopicsCommand.class,
                TailCommand.class,
                S3Command.class,
                InitCommand.class,
                ValidateCommand.class,
                RenderCommand.class,
                io.cdclake.deploy.cli.DeployCommand.class,
                BenchCommand.class,
                ChaosCommand.class,
        })
public final class CdcLake {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new CdcLake());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // an invalid pipeline says so itself: its file and problem count, then a line per problem
            commandLine.getErr().println(e instanceof InvalidPipelineException ? message : "error: " + message);
            if (System.getenv("CDCLAKE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cmd;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CdcLake.class.getPackage().getImplementationVersion();
            return new String[] {"cdclake " + (v == null ? "development build" : v)};
        }
    }
}
