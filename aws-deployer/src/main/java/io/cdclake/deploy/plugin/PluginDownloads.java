package io.cdclake.deploy.plugin;

import io.cdclake.deploy.preflight.PreflightException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Fetches plugin archives over http(s) or from S3 into a file, through a partial file moved into place only when
 * complete, so an interrupted download is never taken for the archive. Each download is told with its size and time.
 */
final class PluginDownloads {

    private final Consumer<String> progress;
    private final S3Client s3;

    /** @param s3 for {@code s3://} locations; null where there is none */
    PluginDownloads(Consumer<String> progress, S3Client s3) {
        this.progress = progress;
        this.s3 = s3;
    }

    /**
     * @param check the finding's subject when it fails, e.g. {@code plugin debezium}
     * @param fix   what to do instead when the download fails
     */
    void http(URI url, Path target, String check, String fix) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        progress.accept("downloading " + url);
        long start = System.nanoTime();
        try {
            Path partial = partial(target);
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(partial);
                throw PreflightException.of(check, "downloading " + url + " answered HTTP " + response.statusCode(), fix);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw PreflightException.of(check, "downloading " + url + " failed: " + e.getMessage(), "check the network; or " + fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + url, e);
        }
        done(target, start);
    }

    /** The text at {@code url}, or null when it answers anything but 200 (e.g. a checksum file a mirror lacks). */
    String text(URI url) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + url, e);
        }
    }

    void s3(PluginLocation location, Path target, String check) {
        if (s3 == null) {
            throw PreflightException.of(check, "the plugin is in S3 (" + location + "), and this command has no S3 client",
                    "download it with 'aws s3 cp " + location + " .' and give the file instead");
        }
        progress.accept("downloading " + location);
        long start = System.nanoTime();
        try {
            Path partial = partial(target);
            Files.delete(partial); // the SDK writes a new file only
            s3.getObject(r -> r.bucket(location.bucket()).key(location.key()), partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (SdkException e) {
            throw PreflightException.of(check, "downloading " + location + " failed: " + e.getMessage().lines().findFirst().orElse(""),
                    "check the bucket and key (aws s3 ls " + location + ") and that the credentials may read it (s3:GetObject)");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing " + target, e);
        }
        done(target, start);
    }

    private static Path partial(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    }

    private void done(Path target, long start) {
        try {
            progress.accept(String.format("downloaded %s (%.1f MB) in %.1f s", target.getFileName(), Files.size(target) / 1e6,
                    (System.nanoTime() - start) / 1e9));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
