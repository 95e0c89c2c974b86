package io.cdclake.s3sink.write;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlStatement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The files of one topic-partition still being filled, one per directory, and when they are sealed (handed over
 * to be written), as the Lenses line decides; the object names follow from it, so users' tables see the same
 * objects. Both lines seal every open file of the partition when one is due, each named by its own last record
 * (Lenses 9's {@code WriterCommitManager}: "all writers from topic partition that matches filter must be
 * committed"; Lenses 3.0's {@code S3WriterManager.commitWriters}), and both keep a directory's writer, idle, after
 * its file is written, counting the interval of its next file from that write. They differ in:
 * <ul>
 *   <li>what is checked after a record: {@code lenses-9} the files it went to and every open file's interval;
 *       {@code lenses-3} only the files it went to (count, size and interval);</li>
 *   <li>idle writers: {@code lenses-9} drops the partition's idle writers when a record opens a directory that
 *       has none, whose interval then counts from that record; {@code lenses-3} keeps them until the partition
 *       is closed;</li>
 *   <li>without records: {@code lenses-3} (its {@code commitAllWritersIfFlushRequired}) writes every open file of
 *       every partition when any one is due, which the task decides across partitions ({@link #hasExpired}).</li>
 * </ul>
 */
final class OpenFiles {

    private final boolean currentLenses;
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    /** When each directory with an idle writer had its last file sealed. */
    private final Map<String, Long> idleSinceMs = new HashMap<>();
    /** The files the current record went to: only they can have become full. */
    private final List<OpenFile> appended = new ArrayList<>();
    /**
     * {@code lenses-9}: the earliest end of an open file's interval, so that the check after each record costs the
     * same however many directories are open (the files are sealed all together, so it only resets then).
     */
    private long earliestDeadlineMs = Long.MAX_VALUE;

    OpenFiles(Compatibility line) {
        this.currentLenses = line == Compatibility.LENSES_9;
    }

    /** Appends a record's line to the open file of a directory, opened for it if it has none. */
    void append(KcqlStatement statement, String directory, long offset, long nowMs, byte[] line, Long timestamp) {
        String group = OpenFile.group(statement.bucket(), directory);
        OpenFile file = open.get(group);
        if (file == null) {
            Long idleSince = idleSinceMs.remove(group);
            if (idleSince == null && currentLenses) {
                idleSinceMs.clear(); // Lenses 9 evicts the idle writers when it creates one
            }
            file = new OpenFile(statement, directory, offset, idleSince == null ? nowMs : idleSince);
            open.put(group, file);
            earliestDeadlineMs = Math.min(earliestDeadlineMs, file.deadlineMs());
        }
        file.append(line, offset, timestamp);
        appended.add(file);
    }

    /**
     * After a record: when one of the files it went to is full or (either line) past its interval, or
     * ({@code lenses-9}) any open file's interval has ended, every open file of the partition.
     */
    List<OpenFile> sealAfterRecord(long nowMs) {
        boolean due = appended.stream().anyMatch(file -> file.isDue(nowMs))
                || (currentLenses && earliestDeadlineMs <= nowMs);
        appended.clear();
        return due ? sealAll(nowMs) : List.of();
    }

    /** Some open file's flush interval has ended. */
    boolean hasExpired(long nowMs) {
        return earliestDeadlineMs <= nowMs;
    }

    /** Without a record: when an open file's interval has ended, every open file of the partition, sealed. */
    List<OpenFile> sealExpired(long nowMs) {
        return hasExpired(nowMs) ? sealAll(nowMs) : List.of();
    }

    /** Every open file, sealed. */
    List<OpenFile> sealAll(long nowMs) {
        List<OpenFile> files = new ArrayList<>(open.values());
        for (OpenFile file : files) {
            idleSinceMs.put(file.group(), nowMs);
        }
        open.clear();
        earliestDeadlineMs = Long.MAX_VALUE;
        return files;
    }

    /** When the earliest open file's flush interval ends. */
    OptionalLong nextDeadlineMs() {
        return open.isEmpty() ? OptionalLong.empty() : OptionalLong.of(earliestDeadlineMs);
    }

    Collection<OpenFile> files() {
        return open.values();
    }
}
