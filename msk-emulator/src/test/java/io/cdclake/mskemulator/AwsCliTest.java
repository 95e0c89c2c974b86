package io.cdclake.mskemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS CLI ({@code aws kafkaconnect ...}) against the emulator. CLI builds older than the current service model
 * (the Debian package, awscli v1 before the pause, resume and restart operations) get the model's newer operations and
 * members from {@code aws-cli-models/} through botocore's own extension point: {@code AWS_DATA_PATH} and a
 * {@code service-2.sdk-extras.json}, merged into the CLI's model as it loads.
 */
class AwsCliTest extends AwsClientContract {

    private static final Pattern ERROR = Pattern.compile(
            "An error occurred \\((\\w+)\\) when calling the \\w+ operation(?: \\(reached max retries: \\d+\\))?: (.*)", Pattern.DOTALL);

    /** The CLI to drive: {@code CDCLAKE_AWS_CLI} (.ci/run picks one new enough), else the {@code aws} on the PATH. */
    private static final String CLI = Objects.requireNonNullElse(System.getenv("CDCLAKE_AWS_CLI"), "aws");

    private final ObjectMapper json = new ObjectMapper();
    private Path workDirectory;
    private Path models;

    @Override
    void requireClient(Path workDirectory) {
        this.workDirectory = workDirectory;
        try {
            models = Path.of(Objects.requireNonNull(getClass().getResource("/aws-cli-models")).toURI());
            Files.createDirectories(workDirectory);
            Process version = new ProcessBuilder(CLI, "--version").redirectErrorStream(true).start();
            boolean ended = version.waitFor(60, TimeUnit.SECONDS);
            Assumptions.assumeTrue(ended && version.exitValue() == 0,
                    "the AWS CLI ('" + CLI + "') does not run here: install it (apt-get install -y awscli; .ci/run does)");
            // the model extras add the newest operations to a CLI that has the 2023 model; older ones cannot take them
            Process help = new ProcessBuilder(CLI, "kafkaconnect", "list-custom-plugins", "help")
                    .redirectErrorStream(true).start();
            String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            help.waitFor(60, TimeUnit.SECONDS);
            Assumptions.assumeTrue(text.contains("name-prefix"), "the AWS CLI ('" + CLI + "', "
                    + new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip() + ") predates"
                    + " MSK Connect's 2023 model (its list-custom-plugins has no --name-prefix): install a newer one, or"
                    + " point CDCLAKE_AWS_CLI at one");
        } catch (IOException e) {
            Assumptions.abort("the AWS CLI ('aws') is not installed: install it (apt-get install -y awscli; .ci/run does)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    JsonNode call(String operation, Map<String, Object> input, String accessKey, String secretKey) {
        List<String> command = new ArrayList<>(List.of(CLI, "kafkaconnect", kebab(operation),
                "--endpoint-url", emulator.endpoint().toString(), "--region", emulator.region(),
                "--output", "json", "--no-paginate", "--cli-input-json", write(input)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_DATA_PATH", models.toString());
        env.put("AWS_CONFIG_FILE", workDirectory.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDirectory.resolve("no-credentials").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        try {
            Path stderr = workDirectory.resolve("stderr.txt");
            Process process = builder.redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws kafkaconnect " + kebab(operation) + " did not end within 60 s");
            }
            if (process.exitValue() != 0) {
                String error = Files.readString(stderr).strip();
                Matcher matcher = ERROR.matcher(error);
                if (matcher.find()) {
                    throw new ClientError(matcher.group(1), matcher.group(2).strip());
                }
                throw new IllegalStateException("aws kafkaconnect " + kebab(operation) + " exited with "
                        + process.exitValue() + ": " + error);
            }
            return stdout.isBlank() ? json.createObjectNode() : json.readTree(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String write(Map<String, Object> input) {
        try {
            return json.writeValueAsString(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CreateCustomPlugin -> create-custom-plugin, as the CLI names its commands. */
    static String kebab(String operation) {
        return operation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }
}
