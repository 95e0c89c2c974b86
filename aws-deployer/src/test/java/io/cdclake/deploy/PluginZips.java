package io.cdclake.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small plugin zips made by the tests: a jar holding a class file header for a given class and Java version. */
public final class PluginZips {

    public static final String LENSES_CONNECTOR = "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector";

    private PluginZips() {
    }

    /**
     * @param directory where the jar sits in the zip: "" for the root
     * @param className the class the jar holds, or null for none
     */
    public static Path zip(Path file, String directory, String className, int classMajorVersion) throws IOException {
        return zip(file, directory, className, classMajorVersion, null);
    }

    /** @param streamReactorVersion the release a Lenses jar's manifest names, or null for none */
    public static Path zip(Path file, String directory, String className, int classMajorVersion,
                           String streamReactorVersion) throws IOException {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream j = new ZipOutputStream(jar)) {
            j.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            j.write(("Manifest-Version: 1.0\n" + (streamReactorVersion == null ? ""
                    : "StreamReactor-Version: " + streamReactorVersion + "\n")).getBytes());
            if (className != null) {
                j.putNextEntry(new ZipEntry(className.replace('.', '/') + ".class"));
                j.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) classMajorVersion});
            }
        }
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry(directory + "kafka-connect-aws-s3.jar"));
            z.write(jar.toByteArray());
            z.putNextEntry(new ZipEntry(directory + "LICENSE"));
            z.write("Apache-2.0\n".getBytes());
        }
        return file;
    }
}
