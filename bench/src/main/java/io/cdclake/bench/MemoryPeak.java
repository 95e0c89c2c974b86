package io.cdclake.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This JVM's peak memory since the last {@link #reset()}: the heap in use just before each collection (its highest
 * points), the heap still live after each collection (what the runner needs), and the resident set's high-water
 * mark from {@code /proc/self/status}.
 */
final class MemoryPeak implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener listener = this::collected;
    private long peakUsed;
    private long peakLive;
    private boolean rssReset;

    MemoryPeak() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        reset();
    }

    synchronized void reset() {
        peakUsed = heapUsed();
        peakLive = 0;
        try {
            // "5" resets the VmHWM high-water mark (Linux 4.0+); where it is refused the peak is since JVM start.
            Files.writeString(CLEAR_REFS, "5");
            rssReset = true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            rssReset = false;
        }
    }

    /** Peak heap, largest live heap after a collection (when one ran), peak RSS; all in MiB. */
    synchronized List<Figure> figures() {
        peakUsed = Math.max(peakUsed, heapUsed());
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("peak heap", mib(peakUsed), Figure.MIB));
        if (peakLive > 0) {
            figures.add(new Figure("live heap after GC (max)", mib(peakLive), Figure.MIB));
        }
        figures.add(new Figure(rssReset ? "peak RSS" : "peak RSS (since JVM start)", mib(residentHighWaterMark()), Figure.MIB));
        return figures;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private synchronized void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        peakUsed = Math.max(peakUsed, heapSum(info.getMemoryUsageBeforeGc()));
        peakLive = Math.max(peakLive, heapSum(info.getMemoryUsageAfterGc()));
    }

    private long heapSum(Map<String, MemoryUsage> usage) {
        return usage.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    /** VmHWM in bytes; 0 where /proc is not there (the figure then reads 0 rather than a guess). */
    static long residentHighWaterMark() {
        try {
            return Files.readAllLines(STATUS).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added to this collector
            }
        }
    }
}
