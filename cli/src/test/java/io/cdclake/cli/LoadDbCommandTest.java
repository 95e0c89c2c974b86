package io.cdclake.cli;

import io.cdclake.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake load-db} against a real PostgreSQL: one server for the class, a new database per test. */
class LoadDbCommandTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static PostgresServer pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.builder().dataDirectory(dataDir.resolve("pg")).start();
        // A role that must give its password, so that --password-file, PGPASSWORD and the prompt really matter.
        execute("postgres", "CREATE ROLE master LOGIN CREATEDB PASSWORD 'right-pw'");
        Path hba = dataDir.resolve("pg").resolve("pg_hba.conf");
        Files.writeString(hba, "host all master 127.0.0.1/32 scram-sha-256\nhost all master ::1/128 scram-sha-256\n"
                + Files.readString(hba));
        execute("postgres", "SELECT pg_reload_conf()");
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void loadsWithThePasswordFileAndYes(@TempDir Path dir) throws Exception {
        String db = newDatabaseName();
        CliRun run = CliRun.cdclake("load-db", "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master",
                "--yes", "--password-file", passwordFile(dir, "right-pw\n"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("copy      order_details              2,152 rows", "829 events in datalake.cdc_events")
                .containsPattern("Database " + db + " at localhost:\\d+ is ready: 829 rows in datalake.cdc_events,"
                        + " publication cdc_publication \\(\\d+\\.\\d s\\)\\.");
        assertThat(run.err()).isEmpty();
        assertThat(query(db, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("829");
    }

    @Test
    void aWrongPasswordIsOneLineWithExitCode1AndNeverShown(@TempDir Path dir) throws Exception {
        String db = newDatabaseName();
        CliRun run = CliRun.of(command(null, Map.of()), "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master", "--yes",
                "--password-file", passwordFile(dir, "wrong-pw-123"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: authentication failed for user 'master' at localhost:" + port()
                + "; check -u and the password (prompt, PGPASSWORD or --password-file)\n");
        assertThat(run.out() + run.err()).doesNotContain("wrong-pw-123");
        assertThat(databaseExists(db)).isFalse();
    }

    @Test
    void withoutATerminalItRefusesToGuessAndAsksForYes() throws Exception {
        String db = newDatabaseName();
        CliRun run = CliRun.of(command(null, Map.of("PGPASSWORD", "right-pw")),
                "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: no terminal to confirm on; pass --yes to create database " + db
                + " at localhost:" + port() + " without asking\n");
        assertThat(databaseExists(db)).isFalse();

        CliRun noPassword = CliRun.of(command(null, Map.of()), "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master", "-y");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).isEqualTo("error: no terminal to ask the password on;"
                + " set PGPASSWORD or pass --password-file FILE\n");
    }

    @Test
    void thePromptAsksForThePasswordHiddenAndForConfirmation() throws Exception {
        String db = newDatabaseName();
        ScriptedTerminal declining = new ScriptedTerminal("right-pw", "n");
        CliRun declined = CliRun.of(command(declining, Map.of()), "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master");

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).isEqualTo("error: not confirmed; nothing was changed\n");
        assertThat(declining.prompts).containsExactly("hidden: Password for user master: ",
                "line: To create database? [y/N] ");
        assertThat(databaseExists(db)).isFalse();

        CliRun confirmed = CliRun.of(command(new ScriptedTerminal("right-pw", "y"), Map.of()),
                "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master");
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).startsWith("Database " + db + " at localhost:" + port()
                + ": Northwind at scale 1 in schema datalake with its outbox, publication cdc_publication.\n");
        assertThat(query(db, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("829");
    }

    @Test
    void pgpasswordIsUsedWhenThereIsNoFile() throws Exception {
        String db = newDatabaseName();
        ScriptedTerminal terminal = new ScriptedTerminal();
        CliRun run = CliRun.of(command(terminal, Map.of("PGPASSWORD", "right-pw")),
                "-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master", "--yes", "--scale", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(terminal.prompts).as("nothing asked").isEmpty();
        assertThat(query(db, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo(Integer.toString(2 * 830 - 1));
    }

    @Test
    void anExistingSchemaIsRefusedUnlessReplaced() throws Exception {
        String db = newDatabaseName();
        String[] args = {"-h", "localhost", "-p", port(), "--pipeline", pipeline(db), "-u", "master", "--yes"};
        Map<String, String> env = Map.of("PGPASSWORD", "right-pw");
        assertThat(CliRun.of(command(null, env), args).exitCode()).isZero();
        execute(db, "DELETE FROM datalake.cdc_events WHERE order_id = 10248");

        CliRun again = CliRun.of(command(null, env), args);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: schema datalake, publication cdc_publication already exist in"
                + " database " + db + "; pass --replace to drop and load again, or give the pipeline another source.database\n");
        assertThat(query(db, "SELECT count(*) FROM datalake.cdc_events")).as("unchanged").isEqualTo("828");

        List<String> replace = new ArrayList<>(List.of(args));
        replace.add("--replace");
        assertThat(CliRun.of(command(null, env), replace.toArray(String[]::new)).exitCode()).isZero();
        assertThat(query(db, "SELECT count(*) FROM datalake.cdc_events")).isEqualTo("829");
    }

    @Test
    void badUsageIsOneLineWithExitCode2(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("PGPASSWORD", "right-pw");
        String reference = pipeline("devdb");
        CliRun scale = CliRun.of(command(null, env), "-h", "localhost", "--pipeline", reference, "-u", "master", "-y",
                "--scale", "0");
        assertThat(scale.exitCode()).isEqualTo(2);
        assertThat(scale.err()).startsWith("error: scale must be 1 or more, was 0;").hasLineCount(1);

        CliRun otherDatabase = CliRun.of(command(null, env), "-h", "localhost", "--pipeline", reference, "-d", "other",
                "-u", "master", "-y");
        assertThat(otherDatabase.exitCode()).isEqualTo(2);
        assertThat(otherDatabase.err()).isEqualTo("error: -d other is not the pipeline's source.database (devdb), which"
                + " its connector reads; leave -d out, or change source.database\n");

        Path noInit = Files.writeString(dir.resolve("no-init.yaml"), Files.readString(Path.of(reference))
                .replace("  init:\n    northwind: {scale: 1}\n", ""));
        CliRun withoutInit = CliRun.of(command(null, env), "-h", "localhost", "--pipeline", noInit.toString(),
                "-u", "master", "-y");
        assertThat(withoutInit.exitCode()).isEqualTo(2);
        assertThat(withoutInit.err()).startsWith("error: pipeline northwind-orders declares no source.init, so"
                + " cdc-lake cannot make its tables (datalake.cdc_events);").hasLineCount(1);

        CliRun file = CliRun.of(command(null, Map.of()), "-h", "localhost", "--pipeline", reference, "-u", "master", "-y",
                "--password-file", dir.resolve("missing.txt").toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).isEqualTo("error: --password-file " + dir.resolve("missing.txt")
                + " cannot be read (NoSuchFileException); give a readable file whose first line is the password\n");

        CliRun missing = CliRun.of(command(null, env), "--pipeline", reference, "-u", "master");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--host=HOST'");
    }

    @Test
    void anUnreachableServerIsExitCode1() throws Exception {
        CliRun run = CliRun.of(command(null, Map.of("PGPASSWORD", "x")),
                "-h", "no-such-host.invalid", "--pipeline", pipeline("devdb"), "-u", "master", "--yes");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot connect to PostgreSQL at no-such-host.invalid:5432"
                + " (unknown host); check -h and -p and that the server accepts TCP connections\n");
    }

    private static CommandLine command(LoadDbCommand.Terminal terminal, Map<String, String> environment) {
        return new CommandLine(new LoadDbCommand(() -> terminal, environment::get));
    }

    /** Answers the password prompt and then the confirmation, recording what was asked. */
    private static final class ScriptedTerminal implements LoadDbCommand.Terminal {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public char[] readPassword(String prompt) {
            prompts.add("hidden: " + prompt);
            return answers.remove().toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.add("line: " + prompt);
            return answers.remove();
        }
    }

    private static String passwordFile(Path dir, String content) throws Exception {
        return Files.writeString(dir.resolve("password.txt"), content).toString();
    }

    private static String port() {
        return Integer.toString(pg.port());
    }

    private static String newDatabaseName() {
        return "loaddb_" + DATABASES.incrementAndGet();
    }

    private static boolean databaseExists(String db) throws SQLException {
        return query("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'").equals("1");
    }

    private static String query(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The reference pipeline, reading database {@code db}: each test loads its own. */
    private static String pipeline(String db) throws Exception {
        Path file = dataDir.resolve(db + ".yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, Files.readString(Path.of("../pipelines/northwind-orders.yaml"))
                    .replace("  database: devdb\n", "  database: " + db + "\n"));
        }
        return file.toString();
    }
}
