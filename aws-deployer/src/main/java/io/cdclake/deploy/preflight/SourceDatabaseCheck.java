package io.cdclake.deploy.preflight;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.preflight.SourceDatabasePreflight;
import io.cdclake.core.render.RuntimeBindings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source database's logical replication setting, publication, tables and slot, checked over JDBC when the
 * database is reachable from where the deployer runs (an Aurora cluster in a private VPC usually is not: then the
 * check is skipped with a note). The password is never read from the file: on AWS the file holds a reference, so
 * an {@code ${env:NAME}} reference reads that variable and a Secrets Manager one reads {@code PGPASSWORD}.
 */
public final class SourceDatabaseCheck {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Duration connectTimeout;
    private final UnaryOperator<String> environment;

    /**
     * @param connectTimeout how long to try reaching the database before skipping the check
     * @param environment    reads environment variables (System::getenv)
     */
    public SourceDatabaseCheck(Duration connectTimeout, UnaryOperator<String> environment) {
        this.connectTimeout = connectTimeout;
        this.environment = environment;
    }

    public List<Finding> check(Pipeline pipeline, String environmentName, RuntimeBindings bindings) {
        Environment env = pipeline.environment(environmentName);
        String host;
        int port;
        String user;
        String password;
        if (env.kind().runtimeBound()) {
            if (bindings == null || bindings.databaseHost() == null) {
                return List.of();
            }
            host = bindings.databaseHost();
            port = bindings.databasePort();
            user = bindings.databaseUser();
            password = bindings.databasePassword();
        } else {
            Environment.Database db = env.database();
            host = db.host();
            port = db.effectivePort();
            user = db.user();
            password = resolve(db.password());
        }
        String where = "source database " + host + ":" + port + "/" + pipeline.source().database();
        if (!reachable(host, port)) {
            return List.of(Finding.warning("source database", where + " is not reachable from here (normal when it is in"
                    + " a private VPC), so its logical replication and publication were not checked",
                    "run the deployer where it can reach the database, or check with ./cdclake load-db's preflight"));
        }
        if (password == null) {
            return List.of(Finding.warning("source database", where + " is reachable but its password is a Secrets Manager"
                    + " reference, which the deployer does not read", "set PGPASSWORD for the deployer to check the database"));
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + pipeline.source().database(), props)) {
            SourceDatabasePreflight check = SourceDatabasePreflight.of(pipeline);
            List<Finding> findings = new ArrayList<>();
            for (SourceDatabasePreflight.Problem p : check.check(c)) {
                // an active slot is most often this pipeline's own running connector: worth a note, not a refusal
                boolean slot = p.check().equals("replication slot");
                String message = where + ": " + p.message();
                findings.add(slot ? Finding.warning("source database " + p.check(), message, p.fix())
                        : Finding.error("source database " + p.check(), message, p.fix()));
            }
            return findings;
        } catch (SQLException e) {
            return List.of(Finding.warning("source database", where + " is reachable but refused the check: "
                    + e.getMessage(), "check the user and password the connector uses"));
        }
    }

    private String resolve(String reference) {
        Matcher env = ENV_REFERENCE.matcher(reference);
        return env.matches() ? environment.apply(env.group(1)) : environment.apply("PGPASSWORD");
    }

    private boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
