package io.cdclake.cli.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run found, per fault: the changes the fault could lose or repeat (committed after the previous
 * fault had recovered and before this one had: a restart resends what was committed before it), how many of them
 * S3 holds, how many it lacks, how many extra copies it holds, and the extra copies already in the topic (the
 * step before the sink), with the time from the injection until a change committed after the fault hit had
 * landed in S3.
 */
public record ChaosReport(List<Row> rows) {

    /** One fault's window of changes (or the window before the first fault); recovery null when not measured. */
    public record Row(String name, long committed, long landed, long lost, long duplicated, long duplicatedInTopic,
                      Duration recovery, String note) {
    }

    /** One window's row, counting its changes in S3 and in the topic. */
    public static Row row(String name, List<Change> committed, Map<Change, Integer> inS3, Map<Change, Integer> inTopic,
                          Duration recovery, String note) {
        long landed = 0;
        long duplicated = 0;
        long duplicatedInTopic = 0;
        for (Change change : committed) {
            int copies = inS3.getOrDefault(change, 0);
            if (copies > 0) {
                landed++;
                duplicated += copies - 1;
            }
            duplicatedInTopic += Math.max(0, inTopic.getOrDefault(change, 0) - 1);
        }
        return new Row(name, committed.size(), landed, committed.size() - landed, duplicated, duplicatedInTopic,
                recovery, note);
    }

    public long lost() {
        return rows.stream().mapToLong(Row::lost).sum();
    }

    public long duplicated() {
        return rows.stream().mapToLong(Row::duplicated).sum();
    }

    public void print(PrintStream out) {
        String format = "  %-18s %9s %9s %6s %10s %10s  %s%n";
        out.println();
        out.println("  Each fault's changes: committed after the previous fault had recovered, until this one had.");
        out.printf(format, "fault", "committed", "landed", "lost", "duplicated", "(in topic)", "recovered in");
        for (Row r : rows) {
            out.printf(format, r.name(), r.committed(), r.landed(), r.lost(), r.duplicated(), r.duplicatedInTopic(),
                    r.recovery() == null ? "-" : String.format("%.1f s", r.recovery().toMillis() / 1000.0));
            if (r.note() != null) {
                out.println("  " + " ".repeat(19) + r.note());
            }
        }
        out.printf(format, "total", rows.stream().mapToLong(Row::committed).sum(),
                rows.stream().mapToLong(Row::landed).sum(), lost(), duplicated(),
                rows.stream().mapToLong(Row::duplicatedInTopic).sum(), "");
        out.println();
    }
}
