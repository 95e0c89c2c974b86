package io.cdclake.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cdclake-deploy.jar} as an AWS user runs it: copied alone into an empty directory beside a filled-in
 * pipeline file, in a JVM of its own whose home holds no Maven repository. It finds both plugins (the sink it
 * carries, Debezium by coordinate from a Maven repository, checked against the checksum it was built with) and
 * fails only on reaching AWS; and nothing in it names a path of the machine that built it.
 */
class DeployJarIT {

    private static final Path JAR = Path.of("target", "cdclake-deploy.jar");
    private static final String DEBEZIUM = "2.7.4.Final";
    private static final String ARCHIVE_PATH = "/io/debezium/debezium-connector-postgres/" + DEBEZIUM
            + "/debezium-connector-postgres-" + DEBEZIUM + "-plugin.tar.gz";

    @TempDir
    Path dir;

    @Test
    void planInAnEmptyDirectoryFindsThePluginsAndFailsOnlyOnReachingAws() throws Exception {
        Path work = Files.createDirectories(dir.resolve("run"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.copy(JAR, work.resolve("cdclake-deploy.jar"));
        Files.writeString(work.resolve("p.yaml"), TestBed.awsYaml());
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer repository = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] archive = Files.readAllBytes(localRepository().resolve(ARCHIVE_PATH.substring(1)));
        repository.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            boolean known = exchange.getRequestURI().getPath().equals(ARCHIVE_PATH);
            exchange.sendResponseHeaders(known ? 200 : 404, known ? archive.length : -1);
            if (known) {
                exchange.getResponseBody().write(archive);
            }
            exchange.close();
        });
        repository.start();
        String[] output;
        int exit;
        try {
            ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + home, "-Dcdclake.maven.repository=http://127.0.0.1:" + repository.getAddress().getPort() + "/",
                    "-jar", "cdclake-deploy.jar", "plan", "--pipeline", "p.yaml", "--env", "aws",
                    "--endpoint-url", "http://127.0.0.1:9").directory(work.toFile());
            java.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("MAVEN") || k.equals("CDCLAKE_DEBUG"));
            // credentials of no one, and every AWS endpoint on a closed port: the first AWS call fails at once
            java.environment().put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            java.environment().put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            java.environment().put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
            java.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process process = java.redirectErrorStream(false).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
            errReader.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the jar finished").isTrue();
            errReader.join();
            exit = process.exitValue();
            output = new String[] {out, err.toString(StandardCharsets.UTF_8)};
        } finally {
            repository.stop(0);
        }
        String out = output[0];
        String err = output[1];

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(1);
        assertThat(err).contains("error: AWS credentials: could not be used to ask STS whose they are")
                .doesNotContain("plugin debezium", "plugin sink", "Exception in thread");
        assertThat(out).contains("downloading http://127.0.0.1:")
                .contains("from Debezium PostgreSQL " + DEBEZIUM + " (io.debezium:debezium-connector-postgres:" + DEBEZIUM
                        + ":tar.gz:plugin from http://127.0.0.1:", "sha256 verified; repacked with its jars at the root), sha256 ")
                .contains("from the built-in KCQL S3 sink", "carried in the deployer), sha256 ")
                .containsPattern("upload debezium-connector-postgres-" + DEBEZIUM + "-[0-9a-f]{12}\\.zip \\(\\d+\\.\\d MB\\) to s3://")
                .containsPattern("upload cdclake-s3-sink-.+\\.zip \\(\\d+\\.\\d MB\\) to s3://" + TestBed.PLUGIN_BUCKET);
        assertThat(requests).containsExactly(ARCHIVE_PATH);
        assertThat(out + err).doesNotContain(projectRoot().toString()).doesNotContain(localRepository().toString())
                .doesNotContain("wJalrXUtnFEMI");
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.map(home::relativize).map(Path::toString)).noneMatch(f -> f.startsWith(".m2"))
                    .anyMatch(f -> f.startsWith(".cdclake/plugin-zips/debezium-connector-postgres-" + DEBEZIUM));
        }
    }

    /** Every entry of the jar, and of the zips and jars inside it, read for paths of the machine that built it. */
    @Test
    void nothingInTheJarNamesAPathOfTheBuildMachine() throws IOException {
        List<String> forbidden = List.of("/root/.", "/work/", "/tmp/", ".m2/", projectRoot().toString(),
                localRepository().toString(), Path.of(System.getProperty("user.home")).resolve(".m2").toString());
        List<String> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(JAR)) {
            scan("cdclake-deploy.jar", in, forbidden, found);
        }
        assertThat(found).isEmpty();
    }

    private static void scan(String where, InputStream archive, List<String> forbidden, List<String> found) throws IOException {
        ZipInputStream zip = new ZipInputStream(archive);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String name = where + "!" + e.getName();
            if (e.getName().endsWith(".jar") || e.getName().endsWith(".zip")) {
                scan(name, zip, forbidden, found);
                continue;
            }
            String content = new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1);
            forbidden.stream().filter(content::contains).forEach(f -> found.add(name + " contains " + f));
        }
    }

    private static Path projectRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static Path localRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try {
            in.transferTo(to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
