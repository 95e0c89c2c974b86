package io.cdclake.sql;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NorthwindGeneratorTest {

    @Test
    void scaleOneHasNorthwindsCardinalities() {
        Map<String, Integer> counts = NorthwindGenerator.generate(1).counts();
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("categories", 8), Map.entry("suppliers", 29), Map.entry("products", 77),
                Map.entry("customers", 91), Map.entry("employees", 9), Map.entry("region", 4),
                Map.entry("territories", 53), Map.entry("employee_territories", 49), Map.entry("shippers", 3),
                Map.entry("orders", 830), Map.entry("order_details", 2155)));
    }

    @Test
    void ordersAreNumberedLikeNorthwinds() {
        Table orders = NorthwindGenerator.generate(1).table("orders");
        assertThat(orders.rows().get(0).get(0)).isEqualTo(10248);
        assertThat(orders.rows().get(orders.size() - 1).get(0)).isEqualTo(11077);
    }

    @Test
    void sameScaleGivesIdenticalRows() {
        assertThat(NorthwindGenerator.generate(2)).isEqualTo(NorthwindGenerator.generate(2));
    }

    @Test
    void scaleMultipliesCustomersOrdersAndDetailsOnly() {
        Map<String, Integer> counts = NorthwindGenerator.generate(3).counts();
        assertThat(counts).containsEntry("customers", 273).containsEntry("orders", 2490)
                .containsEntry("order_details", 6465).containsEntry("products", 77).containsEntry("employees", 9);
    }

    @Test
    void theScenarioRowsCarryTheArticlesValuesAtEveryScale() {
        for (int scale : new int[] {1, 4}) {
            NorthwindData data = NorthwindGenerator.generate(scale);
            assertThat(row(data.table("customers"), "RICSU"))
                    .containsSequence("RICSU", "Richter Supermarkt")
                    .contains("Starenweg 5", "Genève", "1204", "Switzerland");
            List<Object> order11075 = row(data.table("orders"), 11075);
            assertThat(order11075.subList(0, 3)).containsExactly(11075, "RICSU", (short) 8);
            assertThat(order11075.get(6)).isEqualTo((short) 2);
            assertThat(row(data.table("orders"), 11077).get(5)).as("11077 not shipped").isNull();
            assertThat(data.table("order_details").rows().stream().filter(r -> r.get(0).equals(11075))
                    .map(r -> r.get(1))).containsExactly((short) 2, (short) 46, (short) 76);
            assertThat(row(data.table("products"), (short) 46).get(1)).isEqualTo("Spegesild");
            assertThat(row(data.table("shippers"), (short) 2).get(1)).isEqualTo("United Package");
            assertThat(row(data.table("employees"), (short) 8).subList(1, 3)).containsExactly("Callahan", "Laura");
        }
    }

    @Test
    void holdingBackOrder11075Leaves829OrdersAnd2152Details() {
        NorthwindData loaded = NorthwindGenerator.generate(1).withoutOrder(ScenarioSql.INSERTED_ORDER);
        assertThat(loaded.counts()).containsEntry("orders", 829).containsEntry("order_details", 2152)
                .containsEntry("customers", 91).containsEntry("products", 77);
        assertThat(loaded.table("orders").rows()).noneMatch(r -> r.get(0).equals(11075));
    }

    @Test
    void order11075HasTheArticlesValues() {
        List<Object> order = row(NorthwindGenerator.generate(1).table("orders"), 11075);
        assertThat(order).containsExactly(11075, "RICSU", (short) 8, LocalDate.of(1998, 5, 6),
                LocalDate.of(1998, 6, 3), null, (short) 2, 6.19f, "Richter Supermarkt", "Starenweg 5", "Genève",
                null, "1204", "Switzerland");
    }

    @Test
    void order11077IsRattlesnakeCanyonGrocerysAsInTheArticlesData() {
        for (int scale : new int[] {1, 3}) {
            NorthwindData data = NorthwindGenerator.generate(scale);
            assertThat(row(data.table("orders"), 11077)).containsExactly(11077, "RATTC", (short) 1,
                    LocalDate.of(1998, 5, 6), LocalDate.of(1998, 6, 3), null, (short) 2, 8.53f,
                    "Rattlesnake Canyon Grocery", "2817 Milton Dr.", "Albuquerque", "NM", "87110", "USA");
            assertThat(row(data.table("customers"), "RATTC")).containsSequence("RATTC", "Rattlesnake Canyon Grocery")
                    .contains("Albuquerque", "NM", "87110", "USA");
        }
    }

    @Test
    void productsBelongToNorthwindsCategories() {
        NorthwindData data = NorthwindGenerator.generate(1);
        Map<Object, Long> perCategory = data.table("products").rows().stream()
                .collect(Collectors.groupingBy(r -> r.get(3), TreeMap::new, Collectors.counting()));
        assertThat(perCategory.values()).containsExactly(12L, 12L, 13L, 10L, 7L, 6L, 5L, 12L);
        assertThat(List.of(2, 46, 76)).map(id -> row(data.table("products"), (short) (int) id).get(3))
                .containsExactly((short) 1, (short) 8, (short) 1);
    }

    @Test
    void namesArePlausibleAndKeysUnique() {
        Table customers = NorthwindGenerator.generate(5).table("customers");
        assertThat(customers.rows().stream().map(r -> r.get(0)).distinct().count()).isEqualTo(customers.size());
        assertThat(customers.rows()).allSatisfy(r -> {
            assertThat((String) r.get(0)).matches("[A-Z0-9]{5}");
            assertThat((String) r.get(1)).doesNotContainPattern("(?i)customer ?\\d").hasSizeLessThanOrEqualTo(40);
        });
    }

    @Test
    void scaleBelowOneIsRefused() {
        assertThatThrownBy(() -> NorthwindGenerator.generate(0)).hasMessage("scale must be 1 or more, was 0");
    }

    private static List<Object> row(Table table, Object key) {
        return table.rows().stream().filter(r -> r.get(0).equals(key)).findFirst().orElseThrow();
    }
}
