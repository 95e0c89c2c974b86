package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Source;
import io.cdclake.local.SourceDatabase;
import io.cdclake.local.SourceInit;
import io.cdclake.sql.LoadException;
import io.cdclake.sql.LoadResult;
import io.cdclake.sql.SourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code cdclake load-db}: a pipeline's {@code source.init} on any PostgreSQL, as {@code up} runs it on the
 * embedded one. Exit 0 when loaded, 1 when the load fails or is not confirmed (the server is left unchanged), 2
 * for bad usage; every error is one line.
 */
@Command(name = "load-db", sortOptions = false,
        description = {"Create a pipeline's source database on any PostgreSQL 10+, from its source.init: its SQL",
                "scripts, or the Northwind generator; then the publication for the captured tables.",
                "The password is prompted (hidden), or read from PGPASSWORD or --password-file."})
final class LoadDbCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Where the password and the confirmation are asked: the user's terminal in real use. */
    interface Terminal {
        char[] readPassword(String prompt);

        String readLine(String prompt);

        /** The process's terminal, or null when there is none (input redirected, CI). */
        static Terminal system() {
            Console console = System.console();
            return console == null ? null : new Terminal() {
                @Override
                public char[] readPassword(String prompt) {
                    return console.readPassword("%s", prompt);
                }

                @Override
                public String readLine(String prompt) {
                    return console.readLine("%s", prompt);
                }
            };
        }
    }

    @Option(names = {"-h", "--host"}, required = true, paramLabel = "HOST", description = "Server host.")
    String host;

    @Mixin
    PipelineOption pipelineOption;

    @Option(names = {"-p", "--port"}, defaultValue = "" + SourceLoader.DEFAULT_PORT, paramLabel = "PORT",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-d", "--database"}, paramLabel = "DB",
            description = "Database to create or fill (default: the pipeline's source.database, which it must be).")
    String database;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER",
            description = "User to connect as; it needs CREATEDB to create the database.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE instead of prompting.")
    Path passwordFile;

    @Option(names = {"-y", "--yes"}, description = "Do not ask \"To create database? [y/N]\".")
    boolean yes;

    @Option(names = "--scale", paramLabel = "N",
            description = "For a pipeline whose source.init is the Northwind generator: its scale factor instead of"
                    + " the file's (1 is Northwind's size; N multiplies customers, orders and order details).")
    Integer scale;

    @Option(names = "--replace", description = "Drop what an earlier load made (the captured tables' schemas, the"
            + " publication) and load again (refused otherwise).")
    boolean replace;

    // -h is the host, as in psql, so help is --help only.
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Supplier<Terminal> terminal;
    private final Function<String, String> environment;

    LoadDbCommand() {
        this(Terminal::system, System::getenv);
    }

    /** For tests: a scripted terminal (or none) and environment. */
    LoadDbCommand(Supplier<Terminal> terminal, Function<String, String> environment) {
        this.terminal = terminal;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pipeline pipeline = pipelineOption.read();
        Source source = pipeline.source();
        if (database != null && !database.equals(source.database())) {
            err.println("error: -d " + database + " is not the pipeline's source.database (" + source.database()
                    + "), which its connector reads; leave -d out, or change source.database");
            return USAGE;
        }
        SourceLoader.Builder loader;
        try {
            loader = SourceInit.loader(pipeline, new SourceDatabase(host, port, source.database(), user, null, true), scale)
                    .replace(replace).progress(step -> {
                        out.println(step);
                        out.flush();
                    });
            loader.build(); // checks the settings before anything is asked
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        Terminal tty = terminal.get();
        String password;
        try {
            password = password(tty);
        } catch (UsageError e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        if (!yes) {
            if (tty == null) {
                err.println("error: no terminal to confirm on; pass --yes to create database " + source.database()
                        + " at " + host + ":" + port + " without asking");
                return USAGE;
            }
            out.println("Database " + source.database() + " at " + host + ":" + port + ": " + what(source)
                    + ", publication " + source.publication().name() + ".");
            out.flush();
            String answer = tty.readLine("To create database? [y/N] ");
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                err.println("error: not confirmed; nothing was changed");
                return FAILED;
            }
        }
        try {
            LoadResult result = loader.password(password).build().load();
            out.printf(Locale.ROOT, "Database %s at %s:%d is ready: %s, publication %s (%.1f s).%n",
                    result.database(), host, port, LoadResult.describe(result.rowCounts()),
                    source.publication().name(), result.elapsed().toMillis() / 1000.0);
            return 0;
        } catch (LoadException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private String what(Source source) {
        Source.Init init = source.init();
        return init.northwind() != null
                ? "Northwind at scale " + (scale != null ? scale : init.northwind().scale()) + " in schema "
                        + SourceLoader.NORTHWIND_SCHEMA + " with its outbox"
                : init.scripts().size() + " script(s) (" + String.join(", ", init.scripts().stream()
                        .map(p -> Path.of(p).getFileName().toString()).toList()) + ")";
    }

    private String password(Terminal tty) throws UsageError {
        if (passwordFile != null) {
            try {
                return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new UsageError("--password-file " + passwordFile + " cannot be read ("
                        + e.getClass().getSimpleName() + "); give a readable file whose first line is the password");
            }
        }
        String fromEnvironment = environment.apply("PGPASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        if (tty == null) {
            throw new UsageError("no terminal to ask the password on; set PGPASSWORD or pass --password-file FILE");
        }
        char[] typed = tty.readPassword("Password for user " + user + ": ");
        return typed == null ? "" : new String(typed);
    }

    /** Bad usage found after parsing: reported in one line with exit code 2. */
    private static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }
}
