package io.cdclake.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

class PluginClassesTest {

    static final String LENSES = "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector";

    @TempDir
    Path dir;

    @Test
    void findsTheJarOfAClassInAPluginDirectory() throws IOException {
        jar(dir.resolve("plugins/debezium/debezium-core.jar"), "io/debezium/Foo.class");
        Path lenses = jar(dir.resolve("plugins/lenses/lib/kafka-connect-aws-s3.jar"),
                "io/lenses/streamreactor/connect/aws/s3/sink/S3SinkConnector.class");
        assertThat(PluginClasses.find(List.of(dir.resolve("plugins")), LENSES)).contains(lenses);
    }

    @Test
    void nothingWhenNoJarHoldsIt() throws IOException {
        jar(dir.resolve("plugins/debezium/debezium-core.jar"), "io/debezium/Foo.class");
        Files.writeString(dir.resolve("plugins/debezium/broken.jar"), "not a zip");
        assertThat(PluginClasses.find(List.of(dir.resolve("plugins")), LENSES)).isEmpty();
    }

    private static Path jar(Path path, String entry) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry(entry));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
        }
        return path;
    }
}
