package io.cdclake.deploy.cli;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.AwsClients;
import io.cdclake.deploy.MskConnectDeployer;
import io.cdclake.deploy.iam.IamPolicies;
import io.cdclake.deploy.plugin.PluginLocation;
import io.cdclake.deploy.plugin.PluginSources;
import io.cdclake.deploy.preflight.Finding;
import io.cdclake.deploy.preflight.Preflight;
import io.cdclake.deploy.preflight.PreflightException;
import io.cdclake.core.validate.Placeholders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code deploy plan|apply|destroy|status|pause|resume|restart|iam-policy}: the pipeline as MSK Connect resources, on AWS or on the MSK
 * Connect emulator of a running {@code ./cdclake up} ({@code --env emulator}). Also the main class of
 * {@code cdclake-deploy.jar}. Exit codes: 0 ok, 1 failure (preflight refusal, AWS error, FAILED connector),
 * 2 bad usage.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy the pipeline to Amazon MSK Connect: custom plugins, a worker configuration and two connectors.",
                "With --env emulator: the MSK Connect emulator of a running './cdclake up --via msk-connect'."},
        subcommands = {DeployCommand.Plan.class, DeployCommand.Apply.class, DeployCommand.Status.class,
                DeployCommand.Destroy.class, DeployCommand.Pause.class, DeployCommand.Resume.class,
                DeployCommand.Restart.class, DeployCommand.IamPolicy.class})
public final class DeployCommand {

    private final AwsClients.Factory clients;
    private final UnaryOperator<String> environment;

    /** With the AWS SDK's clients. */
    public DeployCommand() {
        this(AwsClients::open);
    }

    /** With the clients {@code clients} opens (tests point them at local endpoints). */
    public DeployCommand(AwsClients.Factory clients) {
        this(clients, System::getenv);
    }

    /** As {@link #DeployCommand(AwsClients.Factory)}, reading variables such as PGPASSWORD from {@code environment}. */
    DeployCommand(AwsClients.Factory clients, UnaryOperator<String> environment) {
        this.clients = clients;
        this.environment = environment;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // run as cdclake-deploy.jar: quiet libraries (inside ./cdclake the cli's own logback.xml applies)
            System.setProperty("logback.configurationFile", "io/cdclake/deploy/logback-deploy.xml");
        }
        System.exit(commandLine(new DeployCommand()).execute(args));
    }

    /** The command line with the project's error handling: one {@code error:} line (or one per problem), exit 1. */
    public static CommandLine commandLine(DeployCommand command) {
        CommandLine cmd = new CommandLine(command);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (System.getenv("CDCLAKE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cmd;
    }

    /** The options every verb takes, in the AWS CLI's words. */
    static final class Options {
        @Option(names = "--pipeline", required = true, paramLabel = "FILE", description = "The pipeline file.")
        Path pipeline;

        @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to deploy: aws, or emulator.")
        String env;

        @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the environment's region).")
        String region;

        @Option(names = "--profile", paramLabel = "PROFILE", description = "Named profile of the AWS config and credentials"
                + " files (default: the SDK's default credential chain).")
        String profile;

        @Option(names = "--endpoint-url", paramLabel = "URL", description = "MSK Connect endpoint override (for --env emulator"
                + " the running emulator's, from endpoints.json).")
        URI endpointUrl;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:cdclake.home:-.}/.cdclake/data",
                description = "Data dir of the running 'up' that --env emulator deploys to (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${sys:user.home}/.cdclake/plugin-zips",
                description = "Where plugin zips are repacked and downloaded, and kept for the next run (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Option(names = "--debezium-archive", paramLabel = "FILE|URL|s3://BUCKET/KEY", description = "Debezium's PostgreSQL"
                + " plugin (its tar.gz, or a zip with the jars at the root) instead of io.debezium:debezium-connector-postgres"
                + ":<debeziumVersion>:tar.gz:plugin from the local Maven repository or Maven Central.")
        String debeziumArchive;

        @Option(names = "--debezium-sha256", paramLabel = "HEX", description = "The SHA-256 the Debezium plugin archive must"
                + " have (required with a URL; checked whenever given).")
        String debeziumSha256;

        @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
                description = "How long any one wait (plugin, connector, update) may take (default: ${DEFAULT-VALUE}).")
        int timeoutMinutes;
    }

    /** A deployer for the chosen environment, with the runtime's bindings when it is the emulator. */
    record Session(Pipeline pipeline, String environment, MskConnectDeployer deployer, RuntimeBindings bindings,
                   AwsClients clients) implements AutoCloseable {

        static Session open(Options o, CommandSpec spec, DeployCommand command) {
            Pipeline pipeline = PipelineYaml.read(o.pipeline);
            Environment env = declaredEnvironment(pipeline, o.env, spec);
            if (!env.kind().mskConnect()) {
                throw new PreflightException(List.of(Preflight.notMskConnect(o.env, env)));
            }
            RuntimeBindings bindings = null;
            URI mskEndpoint = o.endpointUrl;
            URI s3Endpoint = null;
            String regionName = o.region != null ? o.region : env.region();
            AwsCredentialsProvider credentials;
            if (env.kind() == Environment.Kind.EMULATOR) {
                Endpoints endpoints = Endpoints.read(o.dataDir.toAbsolutePath().normalize());
                if (endpoints.mskConnect() == null && mskEndpoint == null) {
                    throw new IllegalStateException("the pipeline running from " + o.dataDir + " has no MSK Connect emulator;"
                            + " start it with './cdclake up --via msk-connect'");
                }
                bindings = RuntimeBindings.from(endpoints, command.environment);
                if (endpoints.postgres() != null && endpoints.postgres().password() == null
                        && bindings.databasePassword() != null && !bindings.databasePassword().isEmpty()) {
                    // CreateConnector carries the password, and the emulator keeps connector configurations on
                    // disk as MSK Connect keeps them (up --via msk-connect refuses the same)
                    throw new CommandLine.ParameterException(spec.commandLine(), "--env emulator would store the"
                            + " external database's password (PGPASSWORD) in the emulator's files; deploy a runtime"
                            + " on its embedded database, or use a database user without a password");
                }
                mskEndpoint = mskEndpoint != null ? mskEndpoint : URI.create(endpoints.mskConnect().url());
                Endpoints.S3 pluginStore = endpoints.mskConnect() != null ? endpoints.mskConnect().pluginStore()
                        : endpoints.s3();
                s3Endpoint = URI.create(pluginStore.endpoint());
                regionName = regionName != null ? regionName : pluginStore.region();
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        pluginStore.accessKey(), pluginStore.secretKey()));
            } else {
                credentials = o.profile != null ? ProfileCredentialsProvider.create(o.profile)
                        : DefaultCredentialsProvider.builder().build();
            }
            if (regionName == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no region: pass --region or set environments." + o.env + ".region");
            }
            AwsClients clients = command.clients.open(new AwsClients.Settings(Region.of(regionName), credentials, mskEndpoint,
                    s3Endpoint, env.kind() == Environment.Kind.AWS));
            PrintWriter out = spec.commandLine().getOut();
            long start = System.nanoTime();
            Consumer<String> progress = line -> {
                out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
                out.flush();
            };
            PluginLocation debezium = o.debeziumArchive == null ? null : PluginLocation.parse(o.debeziumArchive);
            MskConnectDeployer deployer = MskConnectDeployer.builder().mskConnect(clients.mskConnect()).s3(clients.s3())
                    .kafka(clients.kafka()).sts(clients.sts()).timeout(Duration.ofMinutes(o.timeoutMinutes))
                    // MSK Connect takes minutes per step and is asked every 5 s; the local emulator, milliseconds
                    .polling(env.kind() == Environment.Kind.EMULATOR ? Duration.ofMillis(250) : Duration.ofSeconds(5),
                            Duration.ofSeconds(30))
                    .pluginSources(dir -> PluginSources.fromSystemProperties().workDir(dir)
                            .debezium(debezium, o.debeziumSha256).s3(clients.s3()).progress(progress).build())
                    .progress(progress).build();
            return new Session(pipeline, o.env, deployer, bindings, clients);
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    static Environment declaredEnvironment(Pipeline pipeline, String name, CommandSpec spec) {
        Environment env = pipeline.environments().get(name);
        if (env == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--env " + name + ": the pipeline has no environment '"
                    + name + "'; it declares " + String.join(", ", pipeline.environments().keySet()));
        }
        return env;
    }

    static void printFindings(PrintWriter out, List<Finding> findings) {
        findings.forEach(f -> out.println((f.isError() ? "error: " : "warning: ") + f));
    }

    /** A verb that talks to MSK Connect: it opens a session on the chosen environment and runs in it. */
    abstract static class SessionVerb implements Callable<Integer> {
        @CommandLine.Mixin
        Options options;

        @ParentCommand
        DeployCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try (Session s = Session.open(options, spec, parent)) {
                return run(s, spec.commandLine().getOut());
            }
        }

        /** @return the exit code */
        abstract int run(Session s, PrintWriter out);
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Show what apply would create, update in place, replace or delete (secrets redacted). Changes nothing.")
    static final class Plan extends SessionVerb {
        @Override
        int run(Session s, PrintWriter out) {
            var result = s.deployer().plan(s.pipeline(), s.environment(), s.bindings(), options.workDir);
            printFindings(out, result.findings().stream().filter(f -> !f.isError()).toList());
            printFindings(spec.commandLine().getErr(), result.findings().stream().filter(Finding::isError).toList());
            if (result.plan() != null) {
                out.print(result.plan().render());
            }
            out.flush();
            if (!result.passed()) {
                spec.commandLine().getErr().println("error: preflight found " + result.findings().stream()
                        .filter(Finding::isError).count() + " problem(s); apply would refuse to change anything");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Check, plan and apply: custom plugins, worker configuration and both connectors; wait until they run.")
    static final class Apply extends SessionVerb {
        @Override
        int run(Session s, PrintWriter out) {
            var changes = s.deployer().apply(s.pipeline(), s.environment(), s.bindings(), options.workDir, true);
            long changed = changes.stream().filter(c -> !c.action().equals("unchanged")).count();
            changes.stream().filter(c -> !c.action().equals("unchanged")).forEach(c -> out.println("  " + c));
            out.println(changed == 0 ? "Nothing to change: MSK Connect matches " + options.pipeline
                    + "; both connectors are RUNNING."
                    : changed + " change(s) applied; both connectors are RUNNING.");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each connector's state, capacity, plugin and latest operation; on FAILED, MSK Connect's reason.")
    static final class Status extends SessionVerb {
        @Override
        int run(Session s, PrintWriter out) {
            List<String> lines = s.deployer().status(s.pipeline());
            lines.forEach(out::println);
            return lines.stream().anyMatch(l -> l.contains(": FAILED")) ? 1 : 0;
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = "Delete the connectors, then the custom plugins and worker configurations tagged as this pipeline's.")
    static final class Destroy extends SessionVerb {
        @Override
        int run(Session s, PrintWriter out) {
            var deleted = s.deployer().destroy(s.pipeline());
            deleted.forEach(c -> out.println("  " + c));
            out.println("Deleted " + deleted.size() + " resource(s) of pipeline " + s.pipeline().name()
                    + "; plugin zips stay in the plugin bucket.");
            return 0;
        }
    }

    /** A verb on the pipeline's running connectors: both of them, or those {@code --connector} names. */
    abstract static class ConnectorVerb extends SessionVerb {
        @Option(names = "--connector", paramLabel = "NAME", description = "Only this connector of the pipeline (repeatable;"
                + " default: both).")
        List<String> connectors;

        /** The connectors to act on, in the order given; by default {@code defaults}. */
        List<String> names(Session s, List<String> defaults) {
            if (connectors == null || connectors.isEmpty()) {
                return defaults;
            }
            for (String name : connectors) {
                if (!defaults.contains(name)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--connector " + name + ": pipeline "
                            + s.pipeline().name() + " has no connector of that name; its connectors are " + String.join(", ", defaults));
                }
            }
            return List.copyOf(new java.util.LinkedHashSet<>(connectors));
        }

        static List<String> sourceThenSink(Session s) {
            return List.of(s.pipeline().debezium().connectorName(), s.pipeline().sink().connectorName());
        }

        static int report(PrintWriter out, List<MskConnectDeployer.Change> changes, String state) {
            changes.forEach(c -> out.println("  " + (c.action().equals("unchanged") ? "already " + state + ": connector " + c.name() : c)));
            out.println(changes.stream().map(MskConnectDeployer.Change::name).collect(java.util.stream.Collectors.joining(" and "))
                    + (changes.size() == 1 ? " is " : " are ") + state + ".");
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause the pipeline's connectors (PauseConnector): their tasks stop, their configuration and offsets"
                    + " stay; wait until PAUSED. The source goes first, so the sink takes what it wrote.")
    static final class Pause extends ConnectorVerb {
        @Override
        int run(Session s, PrintWriter out) {
            return report(out, s.deployer().pause(names(s, sourceThenSink(s))), "PAUSED");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume the pipeline's paused connectors (ResumeConnector); wait until RUNNING. The sink goes first.")
    static final class Resume extends ConnectorVerb {
        @Override
        int run(Session s, PrintWriter out) {
            return report(out, s.deployer().resume(names(s, List.of(s.pipeline().sink().connectorName(), s.pipeline().debezium().connectorName()))), "RUNNING");
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart the pipeline's connectors and all their tasks (RestartConnector); wait until RUNNING.")
    static final class Restart extends ConnectorVerb {
        @Option(names = "--only-failed-tasks", description = "Restart only the tasks that failed; the healthy ones keep running.")
        boolean onlyFailedTasks;

        @Override
        int run(Session s, PrintWriter out) {
            return report(out, s.deployer().restart(names(s, sourceThenSink(s)), onlyFailedTasks), "RUNNING");
        }
    }

    @Command(name = "iam-policy", mixinStandardHelpOptions = true,
            description = {"Print the least-privilege IAM documents of the deployment: the connectors' execution role policy,"
                    + " its trust policy for kafkaconnect.amazonaws.com, and the policy of whoever runs apply.",
                    "Makes no AWS call."})
    static final class IamPolicy implements Callable<Integer> {
        @CommandLine.Mixin
        Options options;

        @Spec
        CommandSpec spec;

        @Option(names = "--document", paramLabel = "execution|trust|deployer", description = "Print only this document, as"
                + " plain JSON (for --policy-document file://...).")
        String document;

        @Option(names = "--output-dir", paramLabel = "DIR", description = "Also write the three documents there as"
                + " execution-role-policy.json, trust-policy.json and deployer-policy.json.")
        Path outputDir;

        @Override
        public Integer call() throws IOException {
            Pipeline pipeline = PipelineYaml.read(options.pipeline);
            declaredEnvironment(pipeline, options.env, spec);
            IamPolicies policies = new IamPolicies(pipeline, options.env);
            Map<String, String> documents = new java.util.LinkedHashMap<>();
            documents.put("execution", IamPolicies.json(policies.executionRolePolicy()));
            documents.put("trust", IamPolicies.json(policies.trustPolicy()));
            documents.put("deployer", IamPolicies.json(policies.deployerPolicy()));
            PrintWriter out = spec.commandLine().getOut();
            if (document != null) {
                String json = documents.get(document);
                if (json == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--document " + document
                            + ": use execution, trust or deployer");
                }
                out.println(json);
            } else {
                out.println("# execution-role-policy.json: the connectors' service execution role "
                        + pipeline.environment(options.env).msk().serviceExecutionRoleArn());
                out.println("#   aws iam put-role-policy --role-name <role> --policy-name cdclake-" + pipeline.name()
                        + " --policy-document file://execution-role-policy.json");
                out.println(documents.get("execution"));
                out.println("# trust-policy.json: lets MSK Connect assume that role for this pipeline's connectors");
                out.println("#   aws iam create-role --role-name <role> --assume-role-policy-document file://trust-policy.json");
                out.println(documents.get("trust"));
                out.println("# deployer-policy.json: what the identity running 'deploy apply' needs");
                out.println(documents.get("deployer"));
            }
            if (outputDir != null) {
                Files.createDirectories(outputDir);
                Files.writeString(outputDir.resolve("execution-role-policy.json"), documents.get("execution") + "\n");
                Files.writeString(outputDir.resolve("trust-policy.json"), documents.get("trust") + "\n");
                Files.writeString(outputDir.resolve("deployer-policy.json"), documents.get("deployer") + "\n");
            }
            if (!Placeholders.find(pipeline, options.env).isEmpty()) {
                spec.commandLine().getErr().println("warning: the pipeline still has placeholders (<...>), which appear in"
                        + " the documents; fill them in before using them");
            }
            return 0;
        }
    }
}
