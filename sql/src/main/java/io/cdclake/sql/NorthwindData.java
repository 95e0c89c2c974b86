package io.cdclake.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A generated Northwind data set: every table's rows in load order (referenced tables first). */
public record NorthwindData(int scale, List<Table> tables) {

    private static final List<String> TABLES_KEYED_BY_ORDER = List.of("orders", "order_details");

    public NorthwindData {
        tables = List.copyOf(tables);
    }

    public Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + name));
    }

    /** Rows per table, by name. */
    public Map<String, Integer> counts() {
        return tables.stream().collect(Collectors.toMap(Table::name, Table::size, (a, b) -> a, LinkedHashMap::new));
    }

    /** The same data without one order and its details (the loader holds back the one the insert scenario adds). */
    public NorthwindData withoutOrder(int orderId) {
        return new NorthwindData(scale, tables.stream()
                .map(t -> TABLES_KEYED_BY_ORDER.contains(t.name())
                        ? new Table(t.name(), t.columns(), t.rows().stream().filter(r -> !r.get(0).equals(orderId)).toList())
                        : t)
                .toList());
    }
}
