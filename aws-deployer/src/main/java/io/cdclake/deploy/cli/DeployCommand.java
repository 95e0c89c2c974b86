package io.cdclake.deploy.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.validate.InvalidPipelineException;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.MskConnectDeployer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deploy apply|status|destroy}: the pipeline as MSK Connect resources, on AWS or on the MSK Connect
 * emulator of a running {@code ./cdclake up} ({@code --env emulator}). Also the main class of
 * {@code cdclake-deploy.jar}.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy the pipeline to MSK Connect (AWS, or the emulator of a running 'up' with --env emulator).",
        subcommands = {DeployCommand.Apply.class, DeployCommand.Status.class, DeployCommand.Destroy.class})
public final class DeployCommand {

    public static void main(String[] args) {
        CommandLine cmd = new CommandLine(new DeployCommand());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        System.exit(cmd.execute(args));
    }

    /** The options every verb takes, in the AWS CLI's words. */
    static final class Options {
        @Option(names = "--pipeline", required = true, paramLabel = "FILE", description = "The pipeline file.")
        Path pipeline;

        @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to deploy: aws, or emulator.")
        String env;

        @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the environment's region).")
        String region;

        @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile of ~/.aws/credentials (default: the SDK's default chain).")
        String profile;

        @Option(names = "--endpoint-url", paramLabel = "URL", description = "MSK Connect endpoint override (the emulator's is found in endpoints.json).")
        URI endpointUrl;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:cdclake.home:-.}/.cdclake/data",
                description = "Data dir of the running 'up' whose emulator --env emulator deploys to (default: ${DEFAULT-VALUE}).")
        Path dataDir;
    }

    /** A deployer for the chosen environment, with the runtime's bindings when it is the emulator. */
    record Session(Pipeline pipeline, MskConnectDeployer deployer, RuntimeBindings bindings, KafkaConnectClient msk,
                   S3Client s3) implements AutoCloseable {

        static Session open(Options o, PrintWriter out) {
            Pipeline pipeline = PipelineYaml.read(o.pipeline);
            boolean emulator = pipeline.environment(o.env).kind().runtimeBound();
            RuntimeBindings bindings = null;
            URI mskEndpoint = o.endpointUrl;
            URI s3Endpoint = null;
            AwsCredentialsProvider credentials;
            if (emulator) {
                Endpoints endpoints = Endpoints.read(o.dataDir.toAbsolutePath().normalize());
                if (endpoints.mskConnect() == null) {
                    throw new IllegalStateException("the running pipeline has no MSK Connect emulator; start it with"
                            + " './cdclake up --via msk-connect'");
                }
                bindings = RuntimeBindings.from(endpoints);
                mskEndpoint = mskEndpoint != null ? mskEndpoint : URI.create(endpoints.mskConnect().url());
                s3Endpoint = URI.create(endpoints.s3().endpoint());
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        endpoints.s3().accessKey(), endpoints.s3().secretKey()));
            } else {
                List<Problem> placeholders = Placeholders.find(pipeline, o.env);
                if (!placeholders.isEmpty()) {
                    throw new InvalidPipelineException(o.pipeline + " (environment " + o.env + ")", placeholders);
                }
                credentials = o.profile != null ? ProfileCredentialsProvider.create(o.profile) : DefaultCredentialsProvider.builder().build();
            }
            String regionName = o.region != null ? o.region : pipeline.environment(o.env).region();
            if (regionName == null) {
                throw new CommandLine.ParameterException(new CommandLine(new DeployCommand()),
                        "no region: pass --region or set environments." + o.env + ".region");
            }
            Region region = Region.of(regionName);
            var mskBuilder = KafkaConnectClient.builder().region(region).credentialsProvider(credentials);
            if (mskEndpoint != null) {
                mskBuilder.endpointOverride(mskEndpoint);
            }
            var s3Builder = S3Client.builder().region(region).credentialsProvider(credentials);
            if (s3Endpoint != null) {
                s3Builder.endpointOverride(s3Endpoint).forcePathStyle(true)
                        // the local S3 server over plain http mishandles aws-chunked uploads now and then
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
            }
            KafkaConnectClient msk = mskBuilder.build();
            S3Client s3 = s3Builder.build();
            long start = System.nanoTime();
            MskConnectDeployer deployer = new MskConnectDeployer(msk, s3, line -> {
                out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
                out.flush();
            }, Duration.ofMinutes(30));
            return new Session(pipeline, deployer, bindings, msk, s3);
        }

        @Override
        public void close() {
            msk.close();
            s3.close();
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create or update the custom plugins, the worker configuration and both connectors; wait until they run.")
    static final class Apply implements Callable<Integer> {
        @CommandLine.Mixin
        Options options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Session s = Session.open(options, out)) {
                var changes = s.deployer().apply(s.pipeline(), options.env, s.bindings(),
                        java.nio.file.Files.createTempDirectory("cdclake-plugins-"));
                s.deployer().awaitRunning(s.pipeline().debezium().connectorName(), Duration.ofMinutes(30));
                s.deployer().awaitRunning(s.pipeline().sink().connectorName(), Duration.ofMinutes(30));
                changes.forEach(c -> out.println("  " + c));
                long changed = changes.stream().filter(c -> !c.action().equals("unchanged")).count();
                out.println(changed == 0 ? "Nothing to change: the deployment matches " + options.pipeline
                        : changed + " change(s) applied; both connectors are RUNNING");
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each connector's state, capacity, plugins and, when FAILED, MSK Connect's reason.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Options options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Session s = Session.open(options, out)) {
                List<String> lines = s.deployer().status(s.pipeline());
                lines.forEach(out::println);
                return lines.stream().anyMatch(l -> l.contains(": FAILED")) ? 1 : 0;
            }
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Delete the pipeline's connectors.")
    static final class Destroy implements Callable<Integer> {
        @CommandLine.Mixin
        Options options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Session s = Session.open(options, out)) {
                s.deployer().deleteConnectors(s.pipeline());
                out.println("Deleted the connectors of " + s.pipeline().name());
            }
            return 0;
        }
    }
}
