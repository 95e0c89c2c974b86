package io.cdclake.embedded;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * An S3-compatible server in this JVM: S3Proxy with a filesystem blob store under a data directory, so objects
 * survive a restart; path-style requests signed with SigV2 or SigV4 for the given keys. Keys are kept as S3 keeps
 * them, a leading {@code /} and empty segments included ({@code VerbatimKeysBlobStore} over the store, and
 * {@code EncodedSlashes} for clients that send such a slash as {@code %2F}). S3Proxy's jar carries Guava, Logback
 * and an AWS SDK of its own unrelocated, which would collide with the versions beside Kafka Connect, so it runs in
 * a class loader of its own (parent: the platform loader) and is driven by reflection through its public builder.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    static final String JAR_PROPERTY = "cdclake.s3proxy.jar";
    /** Compiled against S3Proxy's API, so loaded only in its class loader, from where this JVM's loader finds it. */
    private static final String VERBATIM_KEYS = "io.cdclake.s3proxy.VerbatimKeysBlobStore";
    private static final String ENCODED_SLASHES = "io.cdclake.s3proxy.EncodedSlashes";

    private final URLClassLoader loader;
    private final Object proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private boolean closed;

    private S3Server(URLClassLoader loader, Object proxy, URI endpoint, Builder b) {
        this.loader = loader;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.region = b.region;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://localhost:<port>}, for path-style clients. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return region;
    }

    /** Stops the server and frees its port; the objects stay in the data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            inLoader(loader, () -> proxy.getClass().getMethod("stop").invoke(proxy));
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the S3 server on " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint + " accessKey=" + accessKey + "]";
    }

    /** Where S3Proxy's jar is: the system property, else where the build put it in the local Maven repository. */
    static Path jar() {
        String override = System.getProperty(JAR_PROPERTY);
        if (override != null) {
            return Path.of(override);
        }
        return Path.of(BuildProperties.get("s3proxy.jar"));
    }

    /** The class directory or jar holding {@code className} on this JVM's class path. */
    static URL classesOf(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        URL url = S3Server.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("S3Server: " + className + " is not on the class path; the"
                    + " cdclake-s3proxy-keys jar belongs beside cdclake-embedded's");
        }
        String found = url.toString();
        String root = found.substring(0, found.length() - resource.length());
        if (root.startsWith("jar:") && root.endsWith("!/")) {
            root = root.substring("jar:".length(), root.length() - 2);
        }
        return URI.create(root).toURL();
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** Runs with S3Proxy's loader as the context class loader: jclouds and Jetty look up services through it. */
    private static Object inLoader(ClassLoader loader, Call call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Immutable settings of a server to start. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private String accessKey = "cdclake";
        private String secretKey = "cdclake-secret";
        private String region = "us-east-1";
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Where buckets and objects live (one directory per bucket). Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = BuilderChecks.port("S3Server", "port", port);
            return this;
        }

        public Builder accessKey(String accessKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** The region clients sign for; S3Proxy accepts any. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Starts the server and returns once it accepts requests. */
        public S3Server start() throws IOException {
            BuilderChecks.requireDataDirectory("S3Server", dataDirectory, "the buckets");
            long started = System.nanoTime();
            Path jar = jar();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Server: S3Proxy's jar is missing at " + jar + "; build the embedded"
                        + " module with Maven (it downloads org.gaul:s3proxy:jar-with-dependencies) or set -D"
                        + JAR_PROPERTY + "=<path to the jar>");
            }
            Path blobs = dataDirectory.resolve("blobs");
            Files.createDirectories(blobs);
            URLClassLoader loader = new URLClassLoader("s3proxy", new URL[] {quietLogging().toUri().toURL(),
                    jar.toUri().toURL(), classesOf(VERBATIM_KEYS)}, ClassLoader.getPlatformClassLoader());
            int boundPort = port > 0 ? port : Ports.free();
            URI endpoint = URI.create("http://localhost:" + boundPort);
            Object proxy = null;
            try {
                proxy = inLoader(loader, () -> build(loader, blobs, boundPort));
                Object built = proxy;
                inLoader(loader, () -> built.getClass().getMethod("start").invoke(built));
                awaitStarted(proxy, endpoint);
                LOG.info("S3 server ready at {} in {} ms (data in {})", endpoint,
                        (System.nanoTime() - started) / 1_000_000, dataDirectory);
                return new S3Server(loader, proxy, endpoint, this);
            } catch (Exception | Error e) {
                stopAfterFailedStart(loader, proxy, e);
                if (Ports.isBindFailure(e)) {
                    throw new IllegalStateException("S3Server: port " + boundPort + " is in use; give another port,"
                            + " or 0 for a free one", e);
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("S3Server: S3Proxy did not start on " + endpoint + ": " + e, e);
            }
        }

        /**
         * S3Proxy over a filesystem blob store that keeps keys verbatim, path-style, with SigV2 or SigV4 for the
         * given keys, reading {@code %2F} in a path as {@code /} as AWS S3 does.
         */
        private Object build(ClassLoader loader, Path blobs, int boundPort) throws ReflectiveOperationException {
            Properties p = new Properties();
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.identity", accessKey);
            p.setProperty("jclouds.credential", secretKey);
            p.setProperty("jclouds.filesystem.basedir", blobs.toString());
            Class<?> blobStoreType = loader.loadClass("org.gaul.s3proxy.blobstore.BlobStore");
            Object files = loader.loadClass("org.gaul.s3proxy.BlobStores")
                    .getMethod("create", String.class, Properties.class).invoke(null, "filesystem", p);
            Object blobStore = loader.loadClass(VERBATIM_KEYS).getConstructor(blobStoreType).newInstance(files);
            Object builder = loader.loadClass("org.gaul.s3proxy.S3Proxy").getMethod("builder").invoke(null);
            Class<?> b = builder.getClass();
            b.getMethod("blobStore", blobStoreType).invoke(builder, blobStore);
            b.getMethod("endpoint", URI.class).invoke(builder, URI.create("http://127.0.0.1:" + boundPort));
            Class<?> authType = loader.loadClass("org.gaul.s3proxy.auth.AuthenticationType");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object v2OrV4 = Enum.valueOf((Class) authType, "AWS_V2_OR_V4");
            b.getMethod("awsAuthentication", authType, String.class, String.class)
                    .invoke(builder, v2OrV4, accessKey, secretKey);
            Object proxy = b.getMethod("build").invoke(builder);
            loader.loadClass(ENCODED_SLASHES).getMethod("install", Object.class).invoke(null, proxy);
            return proxy;
        }

        /** Jetty may hold threads even when binding failed: stop it before its class loader goes. */
        private static void stopAfterFailedStart(URLClassLoader loader, Object proxy, Throwable failure) {
            try {
                if (proxy != null) {
                    inLoader(loader, () -> proxy.getClass().getMethod("stop").invoke(proxy));
                }
                loader.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }

        /**
         * A logback.xml ahead of S3Proxy's own in its class loader, so that its INFO chatter stays off the console:
         * warnings and errors go to {@code s3proxy.log} in the data directory.
         */
        private Path quietLogging() throws IOException {
            Path config = dataDirectory.resolve("s3proxy-logging");
            Files.createDirectories(config);
            Files.writeString(config.resolve("logback.xml"), "<configuration>"
                    + "<statusListener class=\"ch.qos.logback.core.status.NopStatusListener\"/><appender name=\"FILE\""
                    + " class=\"ch.qos.logback.core.FileAppender\"><file>" + xmlText(dataDirectory.resolve("s3proxy.log"))
                    + "</file><encoder><pattern>%d %-5level %logger{30} - %msg%n</pattern></encoder></appender>"
                    + "<root level=\"WARN\"><appender-ref ref=\"FILE\"/></root></configuration>");
            return config;
        }

        private static String xmlText(Path path) {
            return path.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        private void awaitStarted(Object proxy, URI endpoint) throws ReflectiveOperationException {
            Method state = proxy.getClass().getMethod("getState");
            try {
                await("the S3 server on " + endpoint).atMost(startTimeout).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(20)).until(() -> "STARTED".equals(state.invoke(proxy)));
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("S3Server: S3Proxy on " + endpoint + " did not start within "
                        + startTimeout.toSeconds() + " s (state " + state.invoke(proxy) + ")");
            }
        }
    }
}
