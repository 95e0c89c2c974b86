package io.cdclake.core.scenario;

import io.cdclake.core.target.Target;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs the article's statements on the target's source database, each in its own transaction. */
final class SourceStatements {

    private SourceStatements() {
    }

    /** The rows each statement changed. */
    static int[] execute(Target target, List<String> statements) throws SQLException {
        int[] rows = new int[statements.size()];
        try (Connection c = target.openSourceConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < statements.size(); i++) {
                    rows[i] = s.executeUpdate(statements.get(i));
                }
            }
        }
        return rows;
    }
}
