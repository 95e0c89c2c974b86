package io.cdclake.embedded;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Docker engine a container-backed part needs. Testcontainers looks for it where Docker's own clients do
 * ({@code DOCKER_HOST}, the default socket).
 */
public final class Docker {

    private Docker() {
    }

    public static boolean available() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * Fails when no Docker engine answers: for a runner to check before it starts anything.
     *
     * @param part     what needs it, e.g. {@code the source container postgres:17}
     * @param fallback how to do without, e.g. {@code leave --source-container out for the embedded PostgreSQL}
     * @throws IllegalStateException when Docker is missing
     */
    public static void require(String part, String fallback) {
        if (!available()) {
            throw new IllegalStateException(part + " needs a Docker engine and none answers (DOCKER_HOST,"
                    + " /var/run/docker.sock); start Docker, or " + fallback);
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
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("image " + image + " is not on this machine: " + fix);
        }
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
