package io.cdclake.local;

import java.util.Objects;

/**
 * One server of the runtime, held so that it can be stopped and started again on the same data directory and port
 * while the rest runs on (the chaos run's part faults). Whoever reached the last instance (a connector's stored
 * address, a client's endpoint) reaches the next one the same way.
 */
final class RestartablePart<T extends AutoCloseable> implements AutoCloseable {

    /** Starts the part on its data directory and port. */
    @FunctionalInterface
    interface Starter<T> {
        T start() throws Exception;
    }

    private final String name;
    private final Starter<T> starter;
    private T last;
    private boolean running;

    RestartablePart(String name, Starter<T> starter) {
        this.name = Objects.requireNonNull(name, "name");
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /** Starts the part unless it runs; returns the running instance. */
    synchronized T start() throws Exception {
        if (!running) {
            last = starter.start();
            running = true;
        }
        return last;
    }

    /** The instance started last; its endpoints stay valid across a stop and start. */
    synchronized T current() {
        if (last == null) {
            throw new IllegalStateException(name + " has not started");
        }
        return last;
    }

    /** Stops the part unless it is stopped. */
    synchronized void stop() throws Exception {
        if (running) {
            running = false;
            last.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    @Override
    public String toString() {
        return name + (running ? " (running)" : " (stopped)");
    }
}
