package io.cdclake.s3proxy;

import org.gaul.shaded.org.eclipse.jetty.http.HttpFields;
import org.gaul.shaded.org.eclipse.jetty.http.HttpURI;
import org.gaul.shaded.org.eclipse.jetty.server.Connector;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConfiguration;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

import java.lang.reflect.Field;
import java.util.regex.Pattern;

/**
 * Reads {@code %2F} in a request path as the {@code /} it stands for, as AWS S3 does. An S3 key is a string, so
 * {@code /bucket/%2Fkey} and {@code /bucket//key} name the same object, and a client signs that key's path with
 * {@code /}: the AWS SDK for Java with its Apache HTTP client (the Lenses S3 sink's) sends a key's leading or
 * doubled slash as {@code %2F} but signs it as {@code /}. S3Proxy checks the signature against the path as it
 * arrived and answers 403 SignatureDoesNotMatch; with the path decoded first, it agrees with the client and with
 * AWS.
 */
public final class EncodedSlashes implements HttpConfiguration.Customizer {

    private static final Pattern ENCODED_SLASH = Pattern.compile("%2[Ff]");

    /** Adds this reading to every connector of an S3Proxy (before or after it starts). */
    public static void install(Object s3Proxy) throws ReflectiveOperationException {
        // S3Proxy offers no hook for it: its Jetty server is a private field
        Field field = s3Proxy.getClass().getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(s3Proxy);
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().addCustomizer(new EncodedSlashes());
            }
        }
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || path.indexOf('%') < 0 || !ENCODED_SLASH.matcher(path).find()) {
            return request;
        }
        return Request.serveAs(request, HttpURI.build(uri).path(ENCODED_SLASH.matcher(path).replaceAll("/")));
    }
}
