package io.cdclake.embedded;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Objects;
import java.util.Optional;

/**
 * The source PostgreSQL from a container image, started through Testcontainers: the exact server version,
 * extensions and settings a team runs elsewhere. To the runner it looks like {@link PostgresServer}: the superuser
 * {@value PostgresServer#SUPERUSER} without a password, on a port of this machine's loopback only (trust
 * authentication, as the embedded server), with {@code wal_level=logical}. The database lives as long as the
 * container: closing it removes both.
 */
public final class PostgresContainer implements AutoCloseable {

    /** The official image a Docker user has: the same major version as the embedded server. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    private static final int POSTGRES_PORT = 5432;

    private final String image;
    private final PostgreSQLContainer<?> container;

    private PostgresContainer(String image, PostgreSQLContainer<?> container) {
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
        Docker.require(image, "the source container " + image, "leave --source-container out for the embedded PostgreSQL");
    }

    /**
     * Why {@code image} cannot start here without a pull, if it cannot: no Docker engine, or the image is not on
     * it. For tests, which skip with the reason rather than wait for a registry this machine may not reach.
     */
    public static Optional<String> notStartableHere(String image) {
        return Docker.notStartableHere(image, "pull it, or build local/postgres:15 with docker/postgres/build-image.sh");
    }

    public String image() {
        return image;
    }

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(POSTGRES_PORT);
    }

    public String user() {
        return PostgresServer.SUPERUSER;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "PostgreSQL container " + image + " at " + host() + ":" + port();
    }

    public static final class Builder {
        private String image = DEFAULT_IMAGE;

        private Builder() {
        }

        /** An image of the official postgres image's kind (POSTGRES_* variables, {@code -c} options). */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /**
         * Starts the container and waits until the server accepts connections.
         *
         * @throws IllegalStateException naming the fix when no Docker engine answers
         */
        public PostgresContainer start() {
            requireDocker(image);
            @SuppressWarnings("resource") // closed by PostgresContainer.close()
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withDatabaseName("postgres")
                    .withUsername(PostgresServer.SUPERUSER)
                    // trust, as the embedded server: no password to keep out of files, and only loopback reaches it
                    .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                    .withCommand("postgres", "-c", "wal_level=logical")
                    .withCreateContainerCmdModifier(Docker.onLoopbackOnly(POSTGRES_PORT));
            container.start();
            return new PostgresContainer(image, container);
        }
    }
}
