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
import java.util.function.Predicate;

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

    OpenFiles(Compatibility line) {
        this.sealsThePartition = line == Compatibility.LENSES_9;
    }

    /** The open file of a directory ({@link OpenFile#group} names it), opened for this record if it has none. */
    OpenFile fileFor(KcqlStatement statement, String directory, long offset, long nowMs) {
        String group = OpenFile.group(statement.bucket(), directory);
        OpenFile file = open.get(group);
        if (file == null) {
            Long idleSince = idleSinceMs.remove(group);
            if (idleSince == null) {
                idleSinceMs.clear(); // Lenses 9 evicts the idle writers when it creates one
            }
            file = new OpenFile(statement, directory, offset, idleSince == null ? nowMs : idleSince);
            open.put(group, file);
        }
        return file;
    }

    /** After a record: the files it made due (and, in {@code lenses-9}, the others of the partition), sealed. */
    List<OpenFile> sealAfterRecord(long nowMs) {
        return sealsThePartition ? sealAllIfAny(file -> file.isDue(nowMs), nowMs) : seal(OpenFile::isFull, nowMs);
    }

    /** Without a record: the files whose interval has ended (and, in {@code lenses-9}, the others), sealed. */
    List<OpenFile> sealExpired(long nowMs) {
        Predicate<OpenFile> expired = file -> file.deadlineMs() <= nowMs;
        return sealsThePartition ? sealAllIfAny(expired, nowMs) : seal(expired, nowMs);
    }

    private List<OpenFile> sealAllIfAny(Predicate<OpenFile> due, long nowMs) {
        return open.values().stream().anyMatch(due) ? seal(file -> true, nowMs) : List.of();
    }

    private List<OpenFile> seal(Predicate<OpenFile> which, long nowMs) {
        List<OpenFile> sealed = new ArrayList<>();
        for (OpenFile file : open.values()) {
            if (which.test(file)) {
                sealed.add(file);
            }
        }
        for (OpenFile file : sealed) {
            open.remove(file.group());
            if (sealsThePartition) {
                idleSinceMs.put(file.group(), nowMs);
            }
        }
        return sealed;
    }

    /** When the earliest open file's flush interval ends. */
    OptionalLong nextDeadlineMs() {
        return open.values().stream().mapToLong(OpenFile::deadlineMs).min();
    }

    Collection<OpenFile> files() {
        return open.values();
    }
}
