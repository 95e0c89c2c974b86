package io.cdclake.core.target;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/** JDBC connections to a pipeline's source database, as {@link Target#openSourceConnection()} hands them out. */
public final class SourceConnections {

    private SourceConnections() {
    }

    /** A connection to the pipeline's database at {@code bindings}, with {@code search_path} set to its schema. */
    public static Connection open(RuntimeBindings bindings, Pipeline pipeline) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + bindings.databaseHost() + ":"
                        + bindings.databasePort() + "/" + pipeline.source().database(), bindings.databaseUser(),
                Objects.requireNonNullElse(bindings.databasePassword(), ""));
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = " + pipeline.source().searchSchema() + ", public");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
