package io.cdclake.mskemulator.runtime;

import io.cdclake.embedded.Directories;
import io.cdclake.mskemulator.model.PluginContentType;
import io.cdclake.mskemulator.model.Shapes.S3Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Installs custom plugins: reads the file from S3 (the S3 server the emulator is configured with), checks it and
 * unpacks it under {@code <plugins root>/<plugin id>/plugin/}. The directory {@code <plugins root>/<plugin id>} is
 * the {@code plugin.path} entry a connector's worker group gets, so each group sees only its own plugins.
 */
public final class PluginInstaller {

    /**
     * What was installed: the file's MD5 and size, and whether it declares its connectors in
     * {@code META-INF/services} (Kafka Connect's service loading finds those without scanning).
     */
    public record Installed(String fileMd5, long fileSize, boolean declaredAsServices) {
    }

    private static final Logger log = LoggerFactory.getLogger(PluginInstaller.class);

    private final S3Client s3;
    private final Path pluginsRoot;

    public PluginInstaller(S3Client s3, Path pluginsRoot) {
        this.s3 = s3;
        this.pluginsRoot = pluginsRoot;
    }

    public Installed install(String pluginId, String bucket, S3Location location, PluginContentType type)
            throws PluginInstallException {
        Path home = pluginPath(pluginId);
        Path download = home.resolve("download." + type.name().toLowerCase());
        try {
            remove(pluginId);
            Files.createDirectories(home);
            long started = System.nanoTime();
            String md5 = download(bucket, location, download);
            long size = Files.size(download);
            PluginFile file = new PluginFile(download, type);
            PluginFile.Contents contents = file.contents();
            String jarName = location.fileKey().substring(location.fileKey().lastIndexOf('/') + 1);
            file.unpackTo(home.resolve("plugin"), jarName.endsWith(".jar") ? jarName : jarName + ".jar");
            log.info("Custom plugin {}: installed s3://{}/{} ({} bytes, connectors {}) in {} ms", pluginId, bucket,
                    location.fileKey(), size, contents.connectorClasses(), (System.nanoTime() - started) / 1_000_000);
            return new Installed(md5, size, contents.declaredAsServices());
        } catch (PluginInstallException e) {
            remove(pluginId);
            throw e;
        } catch (IOException e) {
            remove(pluginId);
            throw new PluginInstallException("PLUGIN_INSTALL_FAILED", "The plugin cannot be stored in " + home + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(download);
        }
    }

    /** The {@code plugin.path} entry of an installed plugin. */
    public Path pluginPath(String pluginId) {
        return pluginsRoot.resolve(pluginId);
    }

    public boolean isInstalled(String pluginId) {
        return Files.isDirectory(pluginPath(pluginId).resolve("plugin"));
    }

    public void remove(String pluginId) {
        Directories.delete(pluginPath(pluginId));
    }

    private String download(String bucket, S3Location location, Path target) throws PluginInstallException {
        String where = "s3://" + bucket + "/" + location.fileKey()
                + (location.objectVersion() == null ? "" : " (version " + location.objectVersion() + ")");
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(location.fileKey())
                .versionId(location.objectVersion()).build();
        try (InputStream object = s3.getObject(request);
             DigestInputStream digesting = new DigestInputStream(object, MessageDigest.getInstance("MD5"))) {
            Files.copy(digesting, target);
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchKeyException e) {
            throw new PluginInstallException("S3_OBJECT_NOT_FOUND", "The plugin file " + where
                    + " does not exist: upload it, then create the custom plugin again");
        } catch (NoSuchBucketException e) {
            throw new PluginInstallException("S3_OBJECT_NOT_FOUND", "The bucket of the plugin file " + where + " does not exist");
        } catch (S3Exception e) {
            throw new PluginInstallException("S3_ACCESS_FAILED", "The plugin file " + where + " cannot be read: "
                    + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException | IOException e) {
            throw new PluginInstallException("S3_ACCESS_FAILED", "The plugin file " + where + " cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
