package io.cdclake.embedded;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * S3 from a LocalStack container, started through Testcontainers, for teams that run their AWS stand-ins there. To
 * the runner it looks like {@link S3Server}: a path-style endpoint on this machine's loopback, keys and a region.
 * LocalStack takes any keys; its own ({@code test}) are not secrets. Closing it removes the container and its
 * objects.
 */
public final class S3Container implements AutoCloseable {

    /** A current LocalStack release. */
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private static final int EDGE_PORT = 4566;

    private final String image;
    private final LocalStackContainer container;

    private S3Container(String image, LocalStackContainer container) {
        this.image = image;
        this.container = container;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fails, naming the fix, when no Docker engine answers or the image is neither on it nor can be pulled: for a
     * runner to check before it clears or starts anything.
     *
     * @throws IllegalStateException when Docker or the image is missing
     */
    public static void requireDocker(String image) {
        Docker.require(image, "the S3 container " + image, "leave --s3-container out for the embedded S3 server");
    }

    /** Why {@code image} cannot start here without a pull, if it cannot: for tests, which skip with the reason. */
    public static Optional<String> notStartableHere(String image) {
        return Docker.notStartableHere(image, "pull it (LocalStack's image is built from Python packages, which"
                + " need a registry)");
    }

    public String image() {
        return image;
    }

    /** The mapped edge port on this machine, for path-style clients. */
    public URI endpoint() {
        return container.getEndpoint();
    }

    public String accessKey() {
        return container.getAccessKey();
    }

    public String secretKey() {
        return container.getSecretKey();
    }

    public String region() {
        return container.getRegion();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "LocalStack container " + image + " at " + endpoint();
    }

    public static final class Builder {
        private String image = DEFAULT_IMAGE;

        private Builder() {
        }

        /** An image of LocalStack's kind (its edge port 4566, its health endpoint). */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /**
         * Starts the container with S3 only and waits until LocalStack is ready.
         *
         * @throws IllegalStateException naming the fix when no Docker engine answers
         */
        public S3Container start() {
            requireDocker(image);
            @SuppressWarnings("resource") // closed by S3Container.close()
            LocalStackContainer container = new LocalStackContainer(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                    .withServices(LocalStackContainer.EnabledService.named("s3"))
                    .withCreateContainerCmdModifier(Docker.onLoopbackOnly(EDGE_PORT));
            container.start();
            return new S3Container(image, container);
        }
    }
}
