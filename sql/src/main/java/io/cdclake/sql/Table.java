package io.cdclake.sql;

import java.util.List;

/** Generated rows of one table, in column order; values are String, Number, LocalDate or null. */
public record Table(String name, List<String> columns, List<List<Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }
}
