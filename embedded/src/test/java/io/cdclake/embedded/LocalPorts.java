package io.cdclake.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Looks at localhost ports the way a client would. */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Whether something accepts connections on {@code port}. */
    static boolean accepting(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A socket listening on a free port of the loopback address, standing for another process on that port. */
    static ServerSocket occupy() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
