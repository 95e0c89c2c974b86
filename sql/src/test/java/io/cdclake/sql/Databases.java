package io.cdclake.sql;

import io.cdclake.embedded.PostgresServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-line SQL against a test's server: what the loader's tests look at and set up. */
final class Databases {

    private Databases() {
    }

    /** The first column of the first row of {@code sql} in database {@code db}. */
    static String query(PostgresServer pg, String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(PostgresServer pg, String db, String sql) {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
