package io.cdclake.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;

/** Ports of the servers in this package: picking a free one, and telling a port clash from other start failures. */
final class Ports {

    private Ports() {
    }

    /** A port free on this machine right now, for servers that must be told their port before they bind it. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("finding a free port", e);
        }
    }

    /** Whether {@code failure} comes from binding a port that another process (or server) holds. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
