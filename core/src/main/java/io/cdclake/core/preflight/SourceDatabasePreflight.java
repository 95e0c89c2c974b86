package io.cdclake.core.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.cdclake.core.model.Pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks Debezium's PostgreSQL connector would otherwise fail on at run time, made before it starts, so
 * that every problem is listed at once with the statement that fixes it. Works on any PostgreSQL reachable by
 * JDBC, including RDS and Aurora (whose {@code rds.logical_replication} and {@code rds_replication} stand in for
 * {@code wal_level} and the REPLICATION attribute).
 */
public final class SourceDatabasePreflight {

    /** One failed check: what is wrong and how to fix it. */
    public record Problem(String check, String message, String fix) {
        @Override
        public String toString() {
            return check + ": " + message + " Fix: " + fix;
        }
    }

    private final String publication;
    private final List<String> tables;
    private final String slotName;
    private final Map<String, List<String>> partitionColumns;

    /**
     * @param publication      the publication Debezium reads (it is not auto-created)
     * @param tables           the tables the pipeline captures, schema-qualified ({@code datalake.cdc_events})
     * @param slotName         the replication slot the connector uses; an existing inactive one is resumed
     * @param partitionColumns per table, the columns its topic's PARTITIONBY names (the first part of a dotted
     *                         field); fields the unwrap transform adds ({@code __op}) are not columns and left out
     */
    public SourceDatabasePreflight(String publication, List<String> tables, String slotName,
                                   Map<String, List<String>> partitionColumns) {
        this.publication = Objects.requireNonNull(publication, "publication");
        this.tables = List.copyOf(tables);
        this.slotName = Objects.requireNonNull(slotName, "slotName");
        this.partitionColumns = Map.copyOf(partitionColumns);
    }

    /** The checks of {@code pipeline}'s source. */
    public static SourceDatabasePreflight of(Pipeline pipeline) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String table : pipeline.source().tables()) {
            columns.put(table, pipeline.sink().statementFor(pipeline.topic(table)).partitionBy().stream()
                    .filter(f -> !f.startsWith("_")).map(f -> f.contains(".") ? f.substring(0, f.indexOf('.')) : f)
                    .distinct().toList());
        }
        return new SourceDatabasePreflight(pipeline.source().publication().name(), pipeline.source().tables(),
                pipeline.source().slotName(), columns);
    }

    /** Runs every check; an empty list means the connector can start. */
    public List<Problem> check(Connection c) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        checkLogicalDecoding(c, problems);
        checkReplicationPrivilege(c, problems);
        if (checkPublication(c, problems)) {
            checkPublishedTables(c, problems);
        }
        checkReplicaIdentity(c, problems);
        checkReplicationSlot(c, problems);
        return problems;
    }

    private void checkLogicalDecoding(Connection c, List<Problem> problems) throws SQLException {
        String rdsLogical = setting(c, "rds.logical_replication");
        if (rdsLogical != null) {
            if (!"on".equalsIgnoreCase(rdsLogical) && !"1".equals(rdsLogical)) {
                problems.add(new Problem("wal_level",
                        "rds.logical_replication is '" + rdsLogical + "' on this RDS / Aurora instance.",
                        "set rds.logical_replication = 1 in the instance's (or cluster's) parameter group and reboot it."));
            }
            return;
        }
        String walLevel = setting(c, "wal_level");
        if (!"logical".equals(walLevel)) {
            problems.add(new Problem("wal_level",
                    "wal_level is '" + walLevel + "'; logical decoding needs 'logical'.",
                    "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL."));
        }
    }

    private void checkReplicationPrivilege(Connection c, List<Problem> problems) throws SQLException {
        boolean rdsRole = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = 'rds_replication'");
        String sql = rdsRole
                ? "SELECT rolsuper OR rolreplication OR pg_has_role(current_user, 'rds_replication', 'member')"
                        + " FROM pg_roles WHERE rolname = current_user"
                : "SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (rs.next() && rs.getBoolean(1)) {
                return;
            }
        }
        String user = c.getMetaData().getUserName();
        problems.add(new Problem("replication privilege",
                "user '" + user + "' may not start logical replication.",
                rdsRole ? "GRANT rds_replication TO \"" + user + "\";" : "ALTER ROLE \"" + user + "\" WITH REPLICATION;"));
    }

    private boolean checkPublication(Connection c, List<Problem> problems) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
            return true;
        }
        problems.add(new Problem("publication",
                "publication '" + publication + "' does not exist (the connector does not create it).",
                "CREATE PUBLICATION " + publication + " FOR TABLE " + String.join(", ", tables) + ";"));
        return false;
    }

    private void checkPublishedTables(Connection c, List<Problem> problems) throws SQLException {
        for (String table : tables) {
            String[] parts = split(table);
            if (!exists(c, "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?",
                    publication, parts[0], parts[1])) {
                problems.add(new Problem("publication tables",
                        "table " + table + " is not in publication '" + publication + "'.",
                        "ALTER PUBLICATION " + publication + " ADD TABLE " + table + ";"));
            }
        }
    }

    private void checkReplicaIdentity(Connection c, List<Problem> problems) throws SQLException {
        String sql = "SELECT cls.relreplident,"
                + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = cls.oid AND i.indisprimary)"
                + " FROM pg_class cls JOIN pg_namespace n ON n.oid = cls.relnamespace"
                + " WHERE n.nspname = ? AND cls.relname = ?";
        for (String table : tables) {
            String[] parts = split(table);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, parts[0]);
                ps.setString(2, parts[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add(new Problem("table", "table " + table + " does not exist.",
                                "create it, or declare source.init (scripts or northwind) to have cdc-lake create it"
                                        + " (./cdclake load-db --pipeline runs it on any server)."));
                        continue;
                    }
                    checkPartitionColumns(c, table, problems);
                    String identity = rs.getString(1);
                    boolean hasPrimaryKey = rs.getBoolean(2);
                    boolean full = "f".equals(identity);
                    boolean usesKey = "d".equals(identity) && hasPrimaryKey || "i".equals(identity);
                    if (!full && !usesKey) {
                        problems.add(new Problem("replica identity",
                                "table " + table + " has no primary key and no REPLICA IDENTITY FULL, so updates"
                                        + " and deletes carry no key.",
                                "ALTER TABLE " + table + " ADD PRIMARY KEY (...); or ALTER TABLE " + table
                                        + " REPLICA IDENTITY FULL;"));
                    }
                }
            }
        }
    }

    private void checkPartitionColumns(Connection c, String table, List<Problem> problems) throws SQLException {
        String[] parts = split(table);
        for (String column : partitionColumns.getOrDefault(table, List.of())) {
            // pg_attribute, not information_schema.columns: that one shows only the columns the user may read
            if (!exists(c, "SELECT 1 FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n"
                    + " ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? AND a.attname = ?"
                    + " AND a.attnum > 0 AND NOT a.attisdropped", parts[0], parts[1], column)) {
                problems.add(new Problem("partition field",
                        "PARTITIONBY field '" + column + "' of table " + table + "'s topic is not a column of " + table + ".",
                        "partition by one of its columns (sink.partitionBy, or the topic's sink.statements entry)."));
            }
        }
    }

    private void checkReplicationSlot(Connection c, List<Problem> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT plugin, active, active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!"pgoutput".equals(rs.getString(1))) {
                        problems.add(new Problem("replication slot",
                                "slot '" + slotName + "' exists with plugin '" + rs.getString(1) + "', not pgoutput.",
                                "SELECT pg_drop_replication_slot('" + slotName + "'); (the connector recreates it)"));
                    } else if (rs.getBoolean(2)) {
                        problems.add(new Problem("replication slot",
                                "slot '" + slotName + "' is in use by process " + rs.getInt(3) + ".",
                                "stop the other consumer of the slot, or give this pipeline another slot name."));
                    }
                    return;
                }
            }
        }
        int max = Integer.parseInt(setting(c, "max_replication_slots"));
        List<String> used = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_replication_slots ORDER BY slot_name")) {
            while (rs.next()) {
                used.add(rs.getString(1));
            }
        }
        if (used.size() >= max) {
            problems.add(new Problem("replication slot",
                    "all " + max + " replication slots are taken (" + String.join(", ", used) + ").",
                    "drop an unused slot with SELECT pg_drop_replication_slot('<name>'); or raise max_replication_slots"
                            + " and restart PostgreSQL."));
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?, true)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String[] split(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? new String[] {"public", table} : new String[] {table.substring(0, dot), table.substring(dot + 1)};
    }
}
