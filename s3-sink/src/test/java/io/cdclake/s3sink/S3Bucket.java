package io.cdclake.s3sink;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a test sees of a bucket: its keys and their contents, read with a plain AWS SDK client. */
public final class S3Bucket implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIACDCLAKETEST";
    public static final String SECRET_KEY = "cdclake-test-secret-key";
    public static final String REGION = "ap-southeast-2";

    private final S3Client client;
    private final String name;

    private S3Bucket(S3Client client, String name) {
        this.client = client;
        this.name = name;
    }

    /** Creates the bucket on the server at {@code endpoint}. */
    public static S3Bucket create(String endpoint, String name) {
        S3Bucket bucket = open(endpoint, name);
        bucket.client.createBucket(b -> b.bucket(name));
        return bucket;
    }

    public static S3Bucket open(String endpoint, String name) {
        S3Client client = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        return new S3Bucket(client, name);
    }

    public String name() {
        return name;
    }

    /** Every key under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(name).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().collect(Collectors.toList());
    }

    public String read(String key) {
        return client.getObjectAsBytes(b -> b.bucket(name).key(key)).asString(StandardCharsets.UTF_8);
    }

    /** Each data object under {@code prefix} (index objects excluded) and its JSON lines. */
    public Map<String, List<String>> objects(String prefix) {
        Map<String, List<String>> objects = new TreeMap<>();
        for (String key : keys(prefix)) {
            if (key.startsWith(".indexes/")) {
                continue;
            }
            try {
                objects.put(key, Arrays.asList(read(key).split("\n")));
            } catch (NoSuchKeyException e) {
                // S3Proxy's filesystem store lists an upload in progress under a temporary name; S3 would not
            }
        }
        return objects;
    }

    @Override
    public void close() {
        client.close();
    }
}
