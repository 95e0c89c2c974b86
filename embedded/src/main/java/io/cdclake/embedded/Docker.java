package io.cdclake.embedded;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.TestcontainersConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Docker engine a container-backed part needs. Testcontainers looks for it where Docker's own clients do
 * ({@code DOCKER_HOST}, the default socket).
 */
public final class Docker {

    private static final Logger LOG = LoggerFactory.getLogger(Docker.class);
    /** Long enough for a large image on a slow line; a pull that cannot happen fails long before. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);
    /** The reaper image Testcontainers 1.21.4 starts (its RyukContainer's): to move with the Testcontainers BOM. */
    private static final String REAPER_IMAGE = "testcontainers/ryuk:0.12.0";

    private Docker() {
    }

    /** Whether an engine answers; asked without Testcontainers' own client, which would first start its reaper. */
    public static boolean available() {
        try (DockerClient docker = plainClient()) {
            docker.pingCmd().exec();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Fails when no Docker engine answers or {@code image} is neither on it nor can be pulled now: for a runner to
     * check before it clears or starts anything. A pull the engine cannot make (no registry, no such image) fails at
     * once here, where Testcontainers would retry it for minutes.
     *
     * @param part     what needs it, e.g. {@code the source container postgres:17}
     * @param fallback how to do without, e.g. {@code leave --source-container out for the embedded PostgreSQL}
     * @throws IllegalStateException naming the fix when Docker or the image is missing
     */
    public static void require(String image, String part, String fallback) {
        if (!available()) {
            throw new IllegalStateException(part + " needs a Docker engine and none answers (DOCKER_HOST,"
                    + " /var/run/docker.sock); start Docker, or " + fallback);
        }
        try (DockerClient docker = plainClient()) {
            TestcontainersConfiguration config = TestcontainersConfiguration.getInstance();
            if (!Boolean.parseBoolean(config.getEnvVarOrProperty("ryuk.disabled", "false"))) {
                // Testcontainers starts its reaper (which removes what a JVM killed with SIGKILL left) first
                ensure(docker, REAPER_IMAGE, part + " (Testcontainers' reaper)",
                        "set TESTCONTAINERS_RYUK_DISABLED=true to do without it");
            }
            ensure(docker, image, part, fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker client: " + e.getMessage(), e);
        }
    }

    private static void ensure(DockerClient docker, String image, String part, String fallback) {
        if (present(docker, image)) {
            return;
        }
        LOG.info("pulling {} (not on this Docker engine yet)", image);
        try {
            if (!docker.pullImageCmd(image).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                throw new IllegalStateException(part + ": pulling " + image + " took over "
                        + PULL_TIMEOUT.toMinutes() + " minutes; pull it with docker pull first, or " + fallback);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(part + ": interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(part + ": image " + image + " is not on this Docker engine and cannot be"
                    + " pulled (" + firstLine(e.getMessage()) + "); pull or build it, or " + fallback);
        }
    }

    /**
     * A client of the engine Testcontainers finds ({@code DOCKER_HOST}, the default socket), without the reaper that
     * Testcontainers' own client starts first; the caller closes it.
     *
     * @throws IllegalStateException when no engine is found
     */
    private static DockerClient plainClient() {
        return DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
    }

    /**
     * Why {@code image} cannot start here without a pull, if it cannot: no Docker engine, or the image is not on
     * it. For tests, which skip with the reason rather than wait for a registry this machine may not reach.
     *
     * @param fix how to get the image, e.g. {@code pull it}
     */
    public static Optional<String> notStartableHere(String image, String fix) {
        if (!available()) {
            return Optional.of("no Docker engine answers: start one (.ci/run does)");
        }
        try (DockerClient docker = plainClient()) {
            return present(docker, image) ? Optional.empty()
                    : Optional.of("image " + image + " is not on this machine: " + fix);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker client: " + e.getMessage(), e);
        }
    }

    private static boolean present(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.strip().lines().findFirst().orElse("no reason given");
    }

    /**
     * A container command modifier that publishes {@code containerPort} on this machine's loopback only: what a
     * container-backed part holds (a database, objects) is for this machine, not its network.
     */
    public static Consumer<CreateContainerCmd> onLoopbackOnly(int containerPort) {
        return cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"),
                ExposedPort.tcp(containerPort)));
    }
}
