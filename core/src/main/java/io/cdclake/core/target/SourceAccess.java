package io.cdclake.core.target;

import java.sql.Connection;
import java.sql.SQLException;

/** JDBC access to a pipeline's source database, for the statements a scenario runs and the rows it counts. */
public interface SourceAccess {

    /**
     * A new JDBC connection to the source database with {@code search_path} set to the pipeline's schema, so
     * statements run as written for that schema; auto-commit on. The caller closes it.
     */
    Connection openSourceConnection() throws SQLException;
}
