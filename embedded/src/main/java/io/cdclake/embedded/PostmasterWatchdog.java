package io.cdclake.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops PostgreSQL when the JVM that started it dies, however it dies (a SIGKILL runs no shutdown hook): a shell
 * whose standard input is a pipe from this JVM, which the operating system closes with the JVM. At end of input it
 * asks the postmaster its pid file names for a fast shutdown, if that process runs on this data directory (a server
 * restarted by {@code pg_ctl restart} has a new pid, and a server stopped cleanly leaves no pid file). It ignores
 * the signals a terminal or {@code timeout} sends to the whole process group, so only the end of its runner ends it.
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final String SCRIPT = "trap '' HUP INT TERM; read -r _;"
            + " pid=$(head -n 1 \"$1/" + StalePostmaster.PID_FILE + "\" 2>/dev/null); [ -n \"$pid\" ] || exit 0;"
            + " case \"$(ps -p \"$pid\" -o args= 2>/dev/null)\" in *\"$1\"*) kill -INT \"$pid\";; esac; exit 0";

    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Process shell;

    private PostmasterWatchdog(Process shell) {
        this.shell = shell;
    }

    static PostmasterWatchdog watch(Path dataDirectory) throws IOException {
        Process shell = new ProcessBuilder("sh", "-c", SCRIPT, "cdclake-postgres-watchdog",
                dataDirectory.toAbsolutePath().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new PostmasterWatchdog(shell);
    }

    /**
     * Ends the watch (called once the server has stopped, so the shell finds nothing to stop) and waits for the
     * shell to end, so no process of the server's is left once it is closed.
     */
    @Override
    public void close() {
        try {
            shell.getOutputStream().close();
            if (!shell.waitFor(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (IOException e) {
            shell.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.destroyForcibly();
        }
    }
}
