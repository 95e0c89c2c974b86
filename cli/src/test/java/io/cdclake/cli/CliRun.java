package io.cdclake.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of a command line as a user sees it: the exit code and what went to standard output and error. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code cdclake ARGS}. */
    static CliRun cdclake(String... args) {
        return of(CdcLake.commandLine(), args);
    }

    static CliRun of(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
