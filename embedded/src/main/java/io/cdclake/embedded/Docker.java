package io.cdclake.embedded;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

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

    private Docker() {
    }

    public static boolean available() {
        return DockerClientFactory.instance().isDockerAvailable();
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
        if (present(image)) {
            return;
        }
        LOG.info("pulling {} (not on this Docker engine yet)", image);
        try {
            if (!DockerClientFactory.instance().client().pullImageCmd(image).exec(new PullImageResultCallback())
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
     * Why {@code image} cannot start here without a pull, if it cannot: no Docker engine, or the image is not on
     * it. For tests, which skip with the reason rather than wait for a registry this machine may not reach.
     *
     * @param fix how to get the image, e.g. {@code pull it}
     */
    public static Optional<String> notStartableHere(String image, String fix) {
        if (!available()) {
            return Optional.of("no Docker engine answers: start one (.ci/run does)");
        }
        return present(image) ? Optional.empty() : Optional.of("image " + image + " is not on this machine: " + fix);
    }

    private static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
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
