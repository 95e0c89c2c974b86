package io.cdclake.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A generated Northwind data set: every table's rows in load order (referenced tables first). */
public record NorthwindData(int scale, List<Table> tables) {

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
}
