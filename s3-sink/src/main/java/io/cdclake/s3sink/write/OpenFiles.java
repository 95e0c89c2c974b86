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
import java.util.stream.Collectors;

/**
 * The files of one topic-partition still being filled, one per directory, and when they are sealed (handed over
 * to be written), as the Lenses line decides; the object names follow from it, so users' tables see the same
 * objects:
 * <ul>
 *   <li>{@code lenses-3}: each file on its own, when it is full or its flush interval, counted from its first
 *       record, has passed.</li>
 *   <li>{@code lenses-9}: when one file of the partition is due, every open file of the partition is sealed with
 *       it, each named by its own last record (Lenses 9's {@code WriterCommitManager}: "all writers from topic
 *       partition that matches filter must be committed"). Lenses keeps a directory's writer, idle, after its file
 *       is written, and counts the interval of its next file from that write; it drops the idle writers of the
 *       partition when a record opens a directory that has none, whose interval then counts from that record.</li>
 * </ul>
 */
final class OpenFiles {

    private final boolean sealsThePartition;
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    /** {@code lenses-9}: when each directory with an idle writer had its last file sealed. */
    private final Map<String, Long> idleSinceMs = new HashMap<>();
    /** The files the current record went to: only they can have become full. */
    private final List<OpenFile> appended = new ArrayList<>();
    /**
     * {@code lenses-9}: the earliest end of an open file's interval, so that the check after each record costs the
     * same however many directories are open (the files are sealed all together, so it only resets then).
     */
    private long earliestDeadlineMs = Long.MAX_VALUE;

    OpenFiles(Compatibility line) {
        this.sealsThePartition = line == Compatibility.LENSES_9;
    }

    /** Appends a record's line to the open file of a directory, opened for it if it has none. */
    void append(KcqlStatement statement, String directory, long offset, long nowMs, byte[] line, Long timestamp) {
        String group = OpenFile.group(statement.bucket(), directory);
        OpenFile file = open.get(group);
        if (file == null) {
            Long idleSince = idleSinceMs.remove(group);
            if (idleSince == null) {
                idleSinceMs.clear(); // Lenses 9 evicts the idle writers when it creates one
            }
            file = new OpenFile(statement, directory, offset, idleSince == null ? nowMs : idleSince);
            open.put(group, file);
            if (sealsThePartition) {
                earliestDeadlineMs = Math.min(earliestDeadlineMs, file.deadlineMs());
            }
        }
        file.append(line, offset, timestamp);
        appended.add(file);
    }

    /**
     * After a record: {@code lenses-3} seals the files it filled; {@code lenses-9}, when one of them is full or
     * any open file's interval has ended, every open file of the partition.
     */
    List<OpenFile> sealAfterRecord(long nowMs) {
        List<OpenFile> full = appended.stream().filter(OpenFile::isFull).collect(Collectors.toList());
        appended.clear();
        if (!sealsThePartition) {
            return seal(full, nowMs);
        }
        boolean due = !full.isEmpty() || earliestDeadlineMs <= nowMs;
        return due ? seal(new ArrayList<>(open.values()), nowMs) : List.of();
    }

    /** Without a record: the files whose interval has ended (and, in {@code lenses-9}, the others), sealed. */
    List<OpenFile> sealExpired(long nowMs) {
        List<OpenFile> expired = open.values().stream().filter(file -> file.deadlineMs() <= nowMs)
                .collect(Collectors.toList());
        if (sealsThePartition && !expired.isEmpty()) {
            return seal(new ArrayList<>(open.values()), nowMs);
        }
        return seal(expired, nowMs);
    }

    private List<OpenFile> seal(List<OpenFile> files, long nowMs) {
        for (OpenFile file : files) {
            open.remove(file.group());
            if (sealsThePartition) {
                idleSinceMs.put(file.group(), nowMs);
            }
        }
        if (open.isEmpty()) {
            earliestDeadlineMs = Long.MAX_VALUE;
        }
        return files;
    }

    /** When the earliest open file's flush interval ends. */
    OptionalLong nextDeadlineMs() {
        return open.values().stream().mapToLong(OpenFile::deadlineMs).min();
    }

    Collection<OpenFile> files() {
        return open.values();
    }
}
