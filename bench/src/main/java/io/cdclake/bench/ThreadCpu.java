package io.cdclake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time this JVM's threads spent in a window, in two groups told apart by thread name: the client that makes
 * S3 requests (the sink's task and PUT threads, or the benchmark's own PUT threads) and the S3 server (S3Proxy's
 * Jetty threads, which run in this JVM). Read from {@code ThreadMXBean}, i.e. the kernel's per-thread CPU clock: an
 * exact figure per thread, where JFR's execution samples would give a statistical share and need a recording
 * parsed afterwards. A thread counts while it carries its group's name (Connect's pooled task threads take a task's
 * name only while they run it); one that ends between two samples loses its CPU since the last sample, so callers
 * sample as they poll.
 */
final class ThreadCpu {

    /** S3Proxy names its Jetty pool so; the thread that handles a request does all the server's work on it. */
    static final Predicate<String> S3_SERVER = name -> name.startsWith("S3Proxy-");

    /** Client and server CPU in the window; {@code serverSeen} is false when the S3 server is not in this JVM. */
    record Split(long clientNanos, long serverNanos, boolean serverSeen) {
        double clientMillisPer(long objects) {
            return clientNanos / 1e6 / objects;
        }

        double serverMillisPer(long objects) {
            return serverNanos / 1e6 / objects;
        }
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Predicate<String> client;
    private final Map<Long, Long> atStart = new HashMap<>();
    private final Map<Long, Long> clientLatest = new HashMap<>();
    private final Map<Long, Long> serverLatest = new HashMap<>();

    /** Starts the window now; {@code client} tells the client's threads by name. */
    ThreadCpu(Predicate<String> client) {
        this.client = client;
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0) {
                atStart.put(ids[i], cpu[i]);
            }
        }
    }

    /** Reads the CPU clock of every thread that carries a group's name now. */
    synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        long[] cpu = threads.getThreadCpuTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue;
            }
            String name = infos[i].getThreadName();
            if (client.test(name)) {
                clientLatest.put(ids[i], cpu[i]);
            } else if (S3_SERVER.test(name)) {
                serverLatest.put(ids[i], cpu[i]);
            }
        }
    }

    /** Samples once more and gives each group's CPU since the window started. */
    synchronized Split split() {
        sample();
        return new Split(since(clientLatest), since(serverLatest), !serverLatest.isEmpty());
    }

    private long since(Map<Long, Long> latest) {
        return latest.entrySet().stream().mapToLong(e -> e.getValue() - atStart.getOrDefault(e.getKey(), 0L)).sum();
    }
}
