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
import java.util.zip.ZipFile;

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

    @Test
    void packsAPluginAsMskConnectTakesItJarsAtTheRootAndTheSameBytesEachTime() throws IOException {
        jar(dir.resolve("plugins/debezium/debezium-core.jar"), "io/debezium/Foo.class");
        Path lenses = jar(dir.resolve("plugins/lenses/lib/kafka-connect-aws-s3.jar"),
                "io/lenses/streamreactor/connect/aws/s3/sink/S3SinkConnector.class");
        jar(dir.resolve("plugins/lenses/lib/a-dependency.jar"), "com/example/Dep.class");
        List<Path> pluginPath = List.of(dir.resolve("plugins"));

        Path zip = PluginClasses.zip(pluginPath, lenses, dir.resolve("out/lenses.zip"));

        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName)).containsExactly("a-dependency.jar", "kafka-connect-aws-s3.jar");
        }
        byte[] first = Files.readAllBytes(zip);
        assertThat(Files.readAllBytes(PluginClasses.zip(pluginPath, lenses, dir.resolve("out/lenses.zip"))))
                .as("packed again").isEqualTo(first);
        assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void aJarDirectlyInAPluginPathEntryIsAPluginOnItsOwn() throws IOException {
        Path lenses = jar(dir.resolve("plugins/kafka-connect-aws-s3.jar"),
                "io/lenses/streamreactor/connect/aws/s3/sink/S3SinkConnector.class");
        jar(dir.resolve("plugins/other.jar"), "com/example/Other.class");

        Path zip = PluginClasses.zip(List.of(dir.resolve("plugins")), lenses, dir.resolve("lenses.zip"));

        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName)).containsExactly("kafka-connect-aws-s3.jar");
        }
    }

    @Test
    void saysWhetherEveryPluginDeclaresItsConnectorsAsServices() throws IOException {
        jar(dir.resolve("plugins/debezium/debezium-core.jar"), "io/debezium/Foo.class");
        jar(dir.resolve("plugins/debezium/debezium-connector-postgres.jar"),
                "META-INF/services/org.apache.kafka.connect.source.SourceConnector");
        jar(dir.resolve("plugins/cdclake-s3-sink.jar"), "META-INF/services/org.apache.kafka.connect.sink.SinkConnector");
        assertThat(PluginClasses.allDeclareServices(List.of(dir.resolve("plugins")))).isTrue();

        jar(dir.resolve("lenses/kafka-connect-aws-s3/kafka-connect-aws-s3.jar"),
                "io/lenses/streamreactor/connect/aws/s3/sink/S3SinkConnector.class");
        assertThat(PluginClasses.allDeclareServices(List.of(dir.resolve("plugins"), dir.resolve("lenses")))).isFalse();
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
