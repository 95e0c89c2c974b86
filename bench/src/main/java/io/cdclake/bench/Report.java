package io.cdclake.bench;

import java.io.PrintStream;

/** The figures of a run as the terminal shows them, one per line, aligned. */
final class Report {

    private Report() {
    }

    static void print(PrintStream out, String title, RunResult result) {
        out.println();
        out.println(title);
        for (Figure f : result.figures()) {
            out.printf("  %-28s %14s%n", f.name(), f.formatted());
        }
        out.println();
        out.flush();
    }
}
