package io.cdclake.mskemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS SDK for JavaScript v3 ({@code @aws-sdk/client-kafkaconnect}, the version package-lock.json pins) against
 * the emulator, run by Node from {@code src/test/js/client.mjs}: installed with {@code npm ci} into
 * {@code target/aws-sdk-js} at test time.
 */
class JavaScriptSdkTest extends AwsClientContract {

    private final ObjectMapper json = new ObjectMapper();
    /** One Node process per pair of credentials, answering a line per request line. */
    private record NodeClient(Process process, BufferedWriter in, BufferedReader out) {
    }

    private final Map<String, NodeClient> clients = new HashMap<>();
    private Path installed;
    private Path workDirectory;

    @Override
    void requireClient(Path workDirectory) {
        this.workDirectory = workDirectory;
        Path sources = Path.of(System.getProperty("cdclake.test.jsClient", "src/test/js"));
        installed = Path.of(System.getProperty("cdclake.test.buildDirectory", "target")).resolve("aws-sdk-js");
        try {
            Files.createDirectories(installed);
            Files.createDirectories(workDirectory);
            for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
                Files.copy(sources.resolve(file), installed.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String node = run(installed, "node", "--version");
            Assumptions.assumeTrue(node != null && node.matches("v(2\\d|[3-9]\\d)\\..*"),
                    "Node.js 20 or later is needed for the AWS SDK for JavaScript v3 (found: " + node + ")");
            if (!Files.isDirectory(installed.resolve("node_modules/@aws-sdk/client-kafkaconnect"))) {
                String npm = run(installed, "npm", "ci", "--no-audit", "--no-fund");
                Assumptions.assumeTrue(npm != null && Files.isDirectory(installed.resolve("node_modules/@aws-sdk/client-kafkaconnect")),
                        "npm could not install @aws-sdk/client-kafkaconnect: " + Files.readString(installed.resolve("npm.log")).strip());
            }
        } catch (IOException e) {
            Assumptions.abort("Node.js and npm are needed for the AWS SDK for JavaScript v3: " + e.getMessage());
        }
    }

    /** Runs a command; its output, or null when it failed (its output is then in npm.log). */
    private static String run(Path directory, String... command) throws IOException {
        Path log = directory.resolve("npm.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue() == 0 ? Files.readString(log).strip() : null;
    }

    @Override
    synchronized JsonNode call(String operation, Map<String, Object> input, String accessKey, String secretKey) {
        NodeClient client = clients.computeIfAbsent(accessKey + ":" + secretKey, k -> startClient(accessKey, secretKey));
        try {
            client.in().write(json.writeValueAsString(Map.of("operation", operation, "input", input)));
            client.in().newLine();
            client.in().flush();
            String line = client.out().readLine();
            if (line == null) {
                throw new IllegalStateException("the JavaScript client ended: " + Files.readString(workDirectory.resolve("node-stderr.txt")));
            }
            JsonNode answer = json.readTree(line);
            if (answer.has("error")) {
                throw new ClientError(answer.at("/error/name").asText(), answer.at("/error/message").asText());
            }
            return answer.get("output");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NodeClient startClient(String accessKey, String secretKey) {
        ProcessBuilder builder = new ProcessBuilder("node", "client.mjs").directory(installed.toFile())
                .redirectError(workDirectory.resolve("node-stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("MSK_CONNECT_ENDPOINT", emulator.endpoint().toString());
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        try {
            Process process = builder.start();
            return new NodeClient(process,
                    new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopClients() {
        clients.values().forEach(client -> {
            client.process().destroy();
            try {
                client.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
