package io.cdclake.core.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How to reach each part of a running local pipeline: the contents of {@code <data-dir>/endpoints.json},
 * written by the runner once it is ready and read by every command that talks to a running {@code up}.
 * {@link #toString()} never shows the password or the secret key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Endpoints(Postgres postgres, Kafka kafka, Connect connect, S3 s3, MskConnect mskConnect) {

    public static final String FILE_NAME = "endpoints.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Postgres(String host, int port, String database, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Postgres[" + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    public record Kafka(String bootstrapServers) {
    }

    public record Connect(String url) {
    }

    /**
     * The sink's S3. {@code accessKey} and {@code secretKey} are a local server's own (the embedded one, a LocalStack
     * container); a user's keys are never written here: readers sign as the runner did, with {@code profile}'s
     * credentials or, when that is null too, the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID}, ...).
     */
    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket, String profile) {

        /** The embedded server's or a LocalStack's: its own keys. */
        public S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
            this(endpoint, region, accessKey, secretKey, bucket, null);
        }

        @Override
        public String toString() {
            String credentials = accessKey != null ? "accessKey=" + accessKey
                    : profile != null ? "profile=" + profile : "credentials=default chain";
            return "S3[" + endpoint + " region=" + region + " " + credentials + " bucket=" + bucket + "]";
        }
    }

    /**
     * The MSK Connect emulator.
     *
     * @param pluginStore the S3 server holding its custom plugins, with the local keys its API takes too; the
     *                    runtime's own server even when the sink writes elsewhere
     */
    public record MskConnect(String url, S3 pluginStore) {
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** Reads the endpoints of the runtime using {@code dataDir}; a clear error when none is running there. */
    public static Endpoints read(Path dataDir) {
        Path file = file(dataDir);
        try {
            return JSON.readValue(Files.readAllBytes(file), Endpoints.class);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no running pipeline: " + file + " does not exist; start one with"
                    + " './cdclake up --data-dir " + dataDir + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Writes atomically, so a reader never sees half a file. */
    public void write(Path dataDir) {
        Path file = file(dataDir);
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(this));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Removes the file when the runtime stops, so commands no longer find a runtime that is gone. */
    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(file(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + file(dataDir), e);
        }
    }
}
