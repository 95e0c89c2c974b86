package io.cdclake.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The article's statements, verbatim. They run with {@code search_path = datalake}, which the loader sets on
 * the database. Each statement of the insert scenario is its own transaction, so the outbox row of order
 * 11075 changes four times: the order alone (null order_items and products), then with one, two and three items.
 */
public final class ScenarioSql {

    /** The order-update scenario: order 11077 ships. */
    public static final String ORDER_UPDATE =
            "UPDATE orders SET shipped_date = '1998-06-15'::date WHERE order_id = 11077;";

    /** The order-insert scenario: order 11075 (held back by the loader), then its three items, in this order. */
    public static final List<String> ORDER_INSERT = List.of(
            "INSERT INTO orders VALUES (11075, 'RICSU', 8, '1998-05-06', '1998-06-03', NULL, 2, 6.19000006,"
                    + " 'Richter Supermarkt', 'Starenweg 5', 'Genève', NULL, '1204', 'Switzerland');",
            "INSERT INTO order_details VALUES (11075, 2, 19, 10, 0.150000006);",
            "INSERT INTO order_details VALUES (11075, 46, 12, 30, 0.150000006);",
            "INSERT INTO order_details VALUES (11075, 76, 18, 2, 0.150000006);");

    /** The order the update scenario changes. */
    public static final int UPDATED_ORDER = 11077;
    /** The order the insert scenario adds. */
    public static final int INSERTED_ORDER = 11075;
    /** The products the insert scenario orders, in the order of its statements. */
    public static final List<Integer> INSERTED_PRODUCTS = List.of(2, 46, 76);
    /** The customer of the inserted order 11075 (Richter Supermarkt). */
    public static final String CUSTOMER = "RICSU";
    /** The customer of the updated order 11077 (Rattlesnake Canyon Grocery), as in the article's data. */
    public static final String UPDATED_ORDER_CUSTOMER = "RATTC";
    /** {@code shipped_date} of order 11077 after the update, as Debezium renders a DATE: days since 1970-01-01. */
    public static final int UPDATED_SHIPPED_DATE_EPOCH_DAYS = 10392;

    private ScenarioSql() {
    }

    /**
     * Runs the statements one by one, each committed on its own (as psql does in autocommit mode), so that
     * logical decoding sees one change of the outbox per statement. The connection's auto-commit setting is
     * restored afterwards; a transaction left open on it is committed first, as JDBC's setAutoCommit does.
     */
    public static void execute(Connection connection, List<String> statements) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
