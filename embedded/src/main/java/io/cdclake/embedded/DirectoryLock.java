package io.cdclake.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock file a server holds in its data directory while it runs (zonky's {@code epg-lock}, Kafka's {@code .lock}).
 * The operating system frees such a lock when its process dies, however it dies: a lock still held means a live
 * process uses the directory, which no clean-up may take from it.
 */
final class DirectoryLock {

    private DirectoryLock() {
    }

    /** Fails, naming the directory and the fix, when a live process holds {@code lockFile}; absent is free. */
    static void requireFree(String server, Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return;
        }
        boolean held;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            held = lock == null;
            if (lock != null) {
                lock.release();
            }
        } catch (OverlappingFileLockException e) {
            held = true; // this JVM holds it: a server of this process runs there
        }
        if (held) {
            throw new IllegalStateException(server + ": " + lockFile.getParent() + " is in use by a running process"
                    + " (it holds " + lockFile.getFileName() + "); stop the cdclake that uses this data dir first, or"
                    + " give another data dir");
        }
    }
}
