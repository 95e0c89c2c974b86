package io.cdclake.sql;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Northwind-shaped data, deterministic for a scale factor: the same scale gives the same rows every time.
 * Scale 1 has Northwind's cardinalities (830 orders numbered 10248..11077, 2155 order details, 91 customers,
 * ...). Scale N multiplies customers, orders and order details. The rows the article's scenarios use keep the
 * article's values at every scale: order 11077 of customer RATTC (Rattlesnake Canyon Grocery, employee 1, shipper
 * 2, freight 8.53, Albuquerque NM 87110 USA, not yet shipped), and order 11075 of customer RICSU (employee 8,
 * shipper 2, products 2, 46 and 76), which is held back (with its 3 items) for the insert scenario to add.
 */
public final class NorthwindGenerator {

    public static final int FIRST_ORDER_ID = 10248;
    public static final int ORDERS_PER_SCALE = 830;
    public static final int ORDER_DETAILS_PER_SCALE = 2155;
    public static final int CUSTOMERS_PER_SCALE = 91;

    private static final long SEED = 19960704L;
    private static final LocalDate FIRST_ORDER_DATE = LocalDate.of(1996, 7, 4);
    private static final LocalDate LAST_ORDER_DATE = LocalDate.of(1998, 5, 6);
    /** Orders placed in the last days of the data set have not shipped yet, as in Northwind. */
    private static final int UNSHIPPED_TAIL = 21;

    private static final String[] CATEGORIES = {
            "Beverages", "Soft drinks, coffees, teas, beers, and ales",
            "Condiments", "Sweet and savory sauces, relishes, spreads, and seasonings",
            "Confections", "Desserts, candies, and sweet breads",
            "Dairy Products", "Cheeses",
            "Grains/Cereals", "Breads, crackers, pasta, and cereal",
            "Meat/Poultry", "Prepared meats",
            "Produce", "Dried fruit and bean curd",
            "Seafood", "Seaweed and fish"};

    private static final String[] PRODUCTS = {
            "Chai", "Chang", "Aniseed Syrup", "Chef Anton's Cajun Seasoning", "Chef Anton's Gumbo Mix",
            "Grandma's Boysenberry Spread", "Uncle Bob's Organic Dried Pears", "Northwoods Cranberry Sauce",
            "Mishi Kobe Niku", "Ikura", "Queso Cabrales", "Queso Manchego La Pastora", "Konbu", "Tofu",
            "Genen Shouyu", "Pavlova", "Alice Mutton", "Carnarvon Tigers", "Teatime Chocolate Biscuits",
            "Sir Rodney's Marmalade", "Sir Rodney's Scones", "Gustaf's Knäckebröd", "Tunnbröd",
            "Guaraná Fantástica", "NuNuCa Nuß-Nougat-Creme", "Gumbär Gummibärchen", "Schoggi Schokolade",
            "Rössle Sauerkraut", "Thüringer Rostbratwurst", "Nord-Ost Matjeshering", "Gorgonzola Telino",
            "Mascarpone Fabioli", "Geitost", "Sasquatch Ale", "Steeleye Stout", "Inlagd Sill", "Gravad lax",
            "Côte de Blaye", "Chartreuse verte", "Boston Crab Meat", "Jack's New England Clam Chowder",
            "Singaporean Hokkien Fried Mee", "Ipoh Coffee", "Gula Malacca", "Rogede sild", "Spegesild",
            "Zaanse koeken", "Chocolade", "Maxilaku", "Valkoinen suklaa", "Manjimup Dried Apples", "Filo Mix",
            "Perth Pasties", "Tourtière", "Pâté chinois", "Gnocchi di nonna Alice", "Ravioli Angelo",
            "Escargots de Bourgogne", "Raclette Courdavault", "Camembert Pierrot", "Sirop d'érable",
            "Tarte au sucre", "Vegie-spread", "Wimmers gute Semmelknödel", "Louisiana Fiery Hot Pepper Sauce",
            "Louisiana Hot Spiced Okra", "Laughing Lumberjack Lager", "Scottish Longbreads", "Gudbrandsdalsost",
            "Outback Lager", "Flotemysost", "Mozzarella di Giovanni", "Röd Kaviar", "Longlife Tofu",
            "Rhönbräu Klosterbier", "Lakkalikööri", "Original Frankfurter grüne Soße"};

    /** Category of each product, as in Northwind (Chang and Lakkalikööri are beverages, Spegesild seafood). */
    private static final int[] PRODUCT_CATEGORIES = {
            1, 1, 2, 2, 2, 2, 7, 2, 6, 8, 4, 4, 8, 7, 2, 3, 6, 8, 3, 3, 3, 5, 5, 1, 3, 3, 3, 7, 6, 8, 4, 4, 4, 1, 1,
            8, 8, 1, 1, 8, 8, 5, 1, 2, 8, 8, 3, 3, 3, 3, 7, 5, 6, 6, 6, 5, 5, 8, 4, 4, 2, 3, 2, 5, 2, 2, 1, 3, 4, 1,
            4, 4, 8, 7, 1, 1, 2};

    /** Pack sizes per category (index = category id - 1). */
    private static final String[][] UNITS = {
            {"24 - 12 oz bottles", "12 - 355 ml cans", "750 cc per bottle", "500 ml", "10 boxes x 20 bags"},
            {"12 - 550 ml bottles", "48 - 6 oz jars", "12 - 8 oz jars", "24 - 8 oz jars", "36 boxes"},
            {"10 boxes x 12 pieces", "24 pkgs. x 4 pieces", "30 gift boxes", "100 - 250 g bags", "10 - 4 oz boxes"},
            {"1 kg pkg.", "10 - 500 g pkgs.", "12 - 100 g pkgs", "24 - 200 g pkgs."},
            {"24 - 500 g pkgs.", "12 - 250 g pkgs.", "16 - 2 kg boxes", "20 bags x 4 pieces"},
            {"18 - 500 g pkgs.", "20 - 1 kg tins", "48 pieces", "16 pies", "24 boxes x 2 pies"},
            {"12 - 1 lb pkgs.", "40 - 100 g pkgs.", "25 - 825 g cans", "50 - 300 g pkgs."},
            {"12 - 200 ml jars", "2 kg box", "24 - 4 oz tins", "12 - 12 oz cans", "10 - 200 g glasses"}};

    /** Company-name stems and trades, combined into plausible names ("Berglund Snabbköp", ...). */
    private static final String[] STEMS = {
            "Alfreds", "Ana Trujillo", "Antonio Moreno", "Around the", "Berglund", "Blauer See", "Blondel",
            "Bólido", "Bon", "Bottom-Dollar", "Cactus", "Centro", "Chop-suey", "Comércio", "Consolidated",
            "Drachenblut", "Du monde", "Eastern", "Ernst", "Familia", "Folies", "Frankenversand", "Furia",
            "Galería", "Godos", "Gourmet", "Great Lakes", "Hanari", "Hungry Coyote", "Island", "Königlich",
            "La corne", "Laughing Bacchus", "Lazy K", "Lehmanns", "Let's Stop", "Lonesome Pine", "Magazzini",
            "Maison", "Mère Paillarde", "Morgenstern", "Océano", "Old World", "Ottilies", "Pericles",
            "Piccolo", "Princesa", "Queen", "Rancho grande", "Rattlesnake", "Reggiani", "Ricardo", "Romero",
            "Santé", "Save-a-lot", "Seven Seas", "Simons", "Spécialités", "Split Rail", "Suprêmes", "Toms",
            "Tortuga", "Tradição", "Vaffeljernet", "Victuailles", "Wartian", "Wellington", "White Clover",
            "Wilman", "Wolski"};
    private static final String[] TRADES = {
            "Delikatessen", "Emparedados", "Taquería", "Horn", "Snabbköp", "Delikatessen", "Père et Fils",
            "Comidas", "Markets", "Imports", "Trading", "Käse", "Mineiro", "Holdings", "Spezialitäten",
            "Lieferung", "Gourmet", "Market", "Restaurante", "Import Store", "Grocery", "Canyon Grocery",
            "Herkku", "Importadora", "Alimentari", "Bistro", "Supermarket", "Wines", "Foods", "Specialties"};

    private static final String[] FIRST_NAMES = {
            "Maria", "Ana", "Antonio", "Thomas", "Christina", "Hanna", "Frédérique", "Martín", "Laurence",
            "Elizabeth", "Victoria", "Patricio", "Francisco", "Yang", "Pedro", "Sven", "Janine", "Ann", "Roland",
            "Aria", "Diego", "Martine", "Peter", "Carine", "Paolo", "Lino", "Eduardo", "José", "André", "Howard",
            "Manuel", "Mario", "Carlos", "Yoshi", "Helvetius", "Philip", "Daniel", "Annette", "Renate", "Jaime",
            "Rita", "Pirkko", "Paula", "Karl", "Matti", "Zbyszek", "Liu", "Henriette", "Horst", "Jean", "Lúcia"};
    private static final String[] LAST_NAMES = {
            "Anders", "Trujillo", "Moreno", "Hardy", "Berglund", "Moos", "Citeaux", "Sommer", "Lebihan",
            "Lincoln", "Ashworth", "Simpson", "Chang", "Afonso", "Ottlieb", "Devon", "Mendel", "Cruz", "Roel",
            "Rancé", "Pfalzheim", "Schmitt", "Accorti", "Rodriguez", "Saveley", "Fresnière", "Camino", "Pavarotti",
            "Braunschweiger", "Nagy", "Cramer", "Domingues", "Karttunen", "Parente", "Jablonski", "Wilson",
            "Koskitalo", "Franken", "Latimer", "Tonini", "Labrune", "Steel", "Yorres", "Pontes", "Kloss"};
    private static final String[] CONTACT_TITLES = {
            "Sales Representative", "Owner", "Marketing Manager", "Accounting Manager", "Sales Manager",
            "Order Administrator", "Purchasing Manager", "Sales Associate", "Sales Agent",
            "Assistant Sales Agent", "Marketing Assistant"};

    /** City, postal code, country, region (or null). */
    private static final String[][] PLACES = {
            {"Berlin", "12209", "Germany", null}, {"México D.F.", "05021", "Mexico", null},
            {"London", "WA1 1DP", "UK", null}, {"Luleå", "S-958 22", "Sweden", null},
            {"Mannheim", "68306", "Germany", null}, {"Strasbourg", "67000", "France", null},
            {"Madrid", "28023", "Spain", null}, {"Marseille", "13008", "France", null},
            {"Tsawassen", "T2F 8M4", "Canada", "BC"}, {"Buenos Aires", "1010", "Argentina", null},
            {"Bern", "3012", "Switzerland", null}, {"São Paulo", "05432-043", "Brazil", "SP"},
            {"Aachen", "52066", "Germany", null}, {"Nantes", "44000", "France", null},
            {"Graz", "8010", "Austria", null}, {"Lille", "59000", "France", null},
            {"Cork", null, "Ireland", "Co. Cork"}, {"Cowes", "PO31 7PJ", "UK", "Isle of Wight"},
            {"Brandenburg", "14776", "Germany", null}, {"Versailles", "78000", "France", null},
            {"Toulouse", "31000", "France", null}, {"Vancouver", "V3F 2K1", "Canada", "BC"},
            {"Walla Walla", "99362", "USA", "WA"}, {"Frankfurt a.M.", "60528", "Germany", null},
            {"San Francisco", "94117", "USA", "CA"}, {"Barcelona", "08022", "Spain", null},
            {"Caracas", "1081", "Venezuela", "DF"}, {"Torino", "10100", "Italy", null},
            {"Lisboa", "1675", "Portugal", null}, {"Sevilla", "41101", "Spain", null},
            {"Elgin", "97827", "USA", "OR"}, {"Anchorage", "99508", "USA", "AK"},
            {"Portland", "97219", "USA", "OR"}, {"Montréal", "H1J 1C3", "Canada", "Québec"},
            {"Salzburg", "5020", "Austria", null}, {"Reims", "51100", "France", null},
            {"Stavern", "4110", "Norway", null}, {"Oulu", "90110", "Finland", null},
            {"Helsinki", "21240", "Finland", null}, {"Warszawa", "01-012", "Poland", null},
            {"Århus", "8200", "Denmark", null}, {"Kirkland", "98034", "USA", "WA"},
            {"Köln", "50739", "Germany", null}, {"Bergamo", "24100", "Italy", null}};

    private static final String[][] EMPLOYEES = {
            // last, first, title, courtesy, city, country, reports_to
            {"Davolio", "Nancy", "Sales Representative", "Ms.", "Seattle", "USA", "2"},
            {"Fuller", "Andrew", "Vice President, Sales", "Dr.", "Tacoma", "USA", null},
            {"Leverling", "Janet", "Sales Representative", "Ms.", "Kirkland", "USA", "2"},
            {"Peacock", "Margaret", "Sales Representative", "Mrs.", "Redmond", "USA", "2"},
            {"Buchanan", "Steven", "Sales Manager", "Mr.", "London", "UK", "2"},
            {"Suyama", "Michael", "Sales Representative", "Mr.", "London", "UK", "5"},
            {"King", "Robert", "Sales Representative", "Mr.", "London", "UK", "5"},
            {"Callahan", "Laura", "Inside Sales Coordinator", "Ms.", "Seattle", "USA", "2"},
            {"Dodsworth", "Anne", "Sales Representative", "Ms.", "London", "UK", "5"}};

    private static final String[] TERRITORY_CITIES = {
            "Westboro", "Bedford", "Georgetown", "Boston", "Cambridge", "Braintree", "Providence", "Hollis",
            "Portsmouth", "Wilton", "Morristown", "Edison", "New York", "Mellvile", "Fairport", "Philadelphia",
            "Neward", "Rockville", "Greensboro", "Cary", "Columbia", "Atlanta", "Savannah", "Orlando",
            "Tampa", "Louisville", "Beachwood", "Findlay", "Southfield", "Troy", "Bloomfield Hills", "Racine",
            "Roseville", "Minneapolis", "Hoffman Estates", "Chicago", "Bentonville", "Dallas", "Austin",
            "Denver", "Colorado Springs", "Phoenix", "Scottsdale", "Santa Monica", "Menlo Park",
            "San Francisco", "Campbell", "Santa Clara", "Santa Cruz", "Bellevue", "Redmond", "Seattle",
            "Des Moines"};

    private NorthwindGenerator() {
    }

    /** The data set for {@code scale} (1 or more). */
    public static NorthwindData generate(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be 1 or more, was " + scale);
        }
        Random random = new Random(SEED);
        List<Table> tables = new ArrayList<>();
        tables.add(categories());
        tables.add(region());
        Table territories = territories();
        tables.add(territories);
        tables.add(suppliers(random));
        tables.add(products(random));
        Table customers = customers(random, scale);
        tables.add(customers);
        tables.add(employees());
        tables.add(employeeTerritories(territories));
        tables.add(shippers());
        Table orders = orders(random, scale, customers);
        tables.add(orders);
        tables.add(orderDetails(random, scale, orders, table(tables, "products")));
        return new NorthwindData(scale, tables);
    }

    private static Table table(List<Table> tables, String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static Table categories() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < CATEGORIES.length / 2; i++) {
            rows.add(Arrays.asList((short) (i + 1), CATEGORIES[2 * i], CATEGORIES[2 * i + 1]));
        }
        return new Table("categories", List.of("category_id", "category_name", "description"), rows);
    }

    private static Table region() {
        String[] names = {"Eastern", "Western", "Northern", "Southern"};
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(Arrays.asList((short) (i + 1), names[i]));
        }
        return new Table("region", List.of("region_id", "region_description"), rows);
    }

    private static Table territories() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < TERRITORY_CITIES.length; i++) {
            String id = String.format(Locale.ROOT, "%05d", 1581 + i * 1811);
            rows.add(Arrays.asList(id, TERRITORY_CITIES[i], (short) (i * 4 / TERRITORY_CITIES.length + 1)));
        }
        return new Table("territories", List.of("territory_id", "territory_description", "region_id"), rows);
    }

    private static Table suppliers(Random random) {
        List<List<Object>> rows = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= 29; i++) {
            String name = uniqueCompany(random, names);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            rows.add(Arrays.asList((short) i, name, person(random), pick(random, CONTACT_TITLES),
                    (10 + random.nextInt(190)) + " " + pick(random, LAST_NAMES) + " St.",
                    place[0], place[3], place[1], place[2], phone(random), null, null));
        }
        return new Table("suppliers", List.of("supplier_id", "company_name", "contact_name", "contact_title",
                "address", "city", "region", "postal_code", "country", "phone", "fax", "homepage"), rows);
    }

    private static Table products(Random random) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= PRODUCTS.length; i++) {
            float price = switch (i) {
                case 2 -> 19f;
                case 46 -> 12f;
                case 76 -> 18f;
                default -> Math.round((2.5f + random.nextFloat() * 60f) * 4) / 4f;
            };
            int category = PRODUCT_CATEGORIES[i - 1];
            rows.add(Arrays.asList((short) i, PRODUCTS[i - 1], (short) ((i - 1) % 29 + 1), (short) category,
                    pick(random, UNITS[category - 1]), price, (short) random.nextInt(125), (short) (random.nextInt(5) * 10),
                    (short) (random.nextInt(4) * 5), random.nextInt(10) == 0 ? 1 : 0));
        }
        return new Table("products", List.of("product_id", "product_name", "supplier_id", "category_id",
                "quantity_per_unit", "unit_price", "units_in_stock", "units_on_order", "reorder_level",
                "discontinued"), rows);
    }

    private static Table customers(Random random, int scale) {
        List<List<Object>> rows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        ids.add(ScenarioSql.CUSTOMER);
        names.add("Richter Supermarkt");
        rows.add(Arrays.asList(ScenarioSql.CUSTOMER, "Richter Supermarkt", "Michael Holz", "Sales Manager",
                "Starenweg 5", "Genève", null, "1204", "Switzerland", "0897-034214", null));
        ids.add(ScenarioSql.UPDATED_ORDER_CUSTOMER);
        names.add("Rattlesnake Canyon Grocery");
        rows.add(Arrays.asList(ScenarioSql.UPDATED_ORDER_CUSTOMER, "Rattlesnake Canyon Grocery", "Paula Wilson",
                "Assistant Sales Representative", "2817 Milton Dr.", "Albuquerque", "NM", "87110", "USA",
                "(505) 555-5939", "(505) 555-3620"));
        int total = CUSTOMERS_PER_SCALE * scale;
        while (rows.size() < total) {
            String name = uniqueCompany(random, names);
            String id = uniqueId(name, ids);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            rows.add(Arrays.asList(id, name, person(random), pick(random, CONTACT_TITLES),
                    pick(random, LAST_NAMES) + "str. " + (1 + random.nextInt(120)),
                    place[0], place[3], place[1], place[2], phone(random), random.nextBoolean() ? phone(random) : null));
        }
        return new Table("customers", List.of("customer_id", "company_name", "contact_name", "contact_title",
                "address", "city", "region", "postal_code", "country", "phone", "fax"), rows);
    }

    private static Table employees() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < EMPLOYEES.length; i++) {
            String[] e = EMPLOYEES[i];
            rows.add(Arrays.asList((short) (i + 1), e[0], e[1], e[2], e[3],
                    LocalDate.of(1948 + i * 4 % 20, 1 + i, 8 + i), LocalDate.of(1992 + i / 3, 1 + i, 1 + i * 3),
                    (100 + i * 77) + " " + e[1] + " Ave.", e[4], e[5].equals("USA") ? "WA" : null,
                    e[5].equals("USA") ? "981" + (20 + i) : "EC2 7JR", e[5], "(206) 555-01" + (10 + i),
                    Integer.toString(3000 + i * 111), null, e[0] + " joined the company as " + e[2] + ".",
                    e[6] == null ? null : Short.valueOf(e[6]), null));
        }
        return new Table("employees", List.of("employee_id", "last_name", "first_name", "title",
                "title_of_courtesy", "birth_date", "hire_date", "address", "city", "region", "postal_code",
                "country", "home_phone", "extension", "photo", "notes", "reports_to", "photo_path"), rows);
    }

    /** 49 assignments: every territory but four, each to one of the 9 employees. */
    private static Table employeeTerritories(Table territories) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            rows.add(Arrays.asList((short) (i % 9 + 1), territories.rows().get(i).get(0)));
        }
        return new Table("employee_territories", List.of("employee_id", "territory_id"), rows);
    }

    private static Table shippers() {
        return new Table("shippers", List.of("shipper_id", "company_name", "phone"), List.of(
                Arrays.asList((short) 1, "Speedy Express", "(503) 555-9831"),
                Arrays.asList((short) 2, "United Package", "(503) 555-3199"),
                Arrays.asList((short) 3, "Federal Shipping", "(503) 555-9931")));
    }

    /**
     * All orders, including 11075 with the article's values: the loader holds it back
     * ({@link NorthwindData#withoutOrder}) for the insert scenario to add.
     */
    private static Table orders(Random random, int scale, Table customers) {
        int total = ORDERS_PER_SCALE * scale;
        long span = LAST_ORDER_DATE.toEpochDay() - FIRST_ORDER_DATE.toEpochDay();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int orderId = FIRST_ORDER_ID + i;
            if (orderId == ScenarioSql.INSERTED_ORDER) {
                rows.add(Arrays.asList(orderId, ScenarioSql.CUSTOMER, (short) 8, LocalDate.of(1998, 5, 6),
                        LocalDate.of(1998, 6, 3), null, (short) 2, 6.19f, "Richter Supermarkt", "Starenweg 5",
                        "Genève", null, "1204", "Switzerland"));
                continue;
            }
            if (orderId == ScenarioSql.UPDATED_ORDER) {
                rows.add(Arrays.asList(orderId, ScenarioSql.UPDATED_ORDER_CUSTOMER, (short) 1, LAST_ORDER_DATE,
                        LocalDate.of(1998, 6, 3), null, (short) 2, 8.53f, "Rattlesnake Canyon Grocery",
                        "2817 Milton Dr.", "Albuquerque", "NM", "87110", "USA"));
                continue;
            }
            // Dates rise with the order number over Northwind's two years, whatever the scale.
            LocalDate ordered = FIRST_ORDER_DATE.plusDays(span * (i % ORDERS_PER_SCALE) / (ORDERS_PER_SCALE - 1));
            boolean shipped = i % ORDERS_PER_SCALE < ORDERS_PER_SCALE - UNSHIPPED_TAIL;
            List<Object> customer = customers.rows().get(random.nextInt(customers.size()));
            rows.add(Arrays.asList(orderId, customer.get(0), (short) (random.nextInt(9) + 1), ordered,
                    ordered.plusDays(random.nextInt(10) == 0 ? 14 : 28),
                    shipped ? ordered.plusDays(1 + random.nextInt(35)) : null,
                    (short) (random.nextInt(3) + 1), Math.round(random.nextDouble() * 25000) / 100f,
                    customer.get(1), customer.get(4), customer.get(5), customer.get(6), customer.get(7),
                    customer.get(8)));
        }
        return new Table("orders", List.of("order_id", "customer_id", "employee_id", "order_date",
                "required_date", "shipped_date", "ship_via", "freight", "ship_name", "ship_address", "ship_city",
                "ship_region", "ship_postal_code", "ship_country"), rows);
    }

    /** Exactly 2155 per scale (including the 3 of order 11075), 1 to 6 distinct products per order. */
    private static Table orderDetails(Random random, int scale, Table orders, Table products) {
        int n = orders.size();
        int[] items = new int[n];
        int held = ScenarioSql.INSERTED_ORDER - FIRST_ORDER_ID;
        int sum = 0;
        for (int i = 0; i < n; i++) {
            items[i] = i == held ? 3 : 1 + random.nextInt(4);
            sum += items[i];
        }
        int target = ORDER_DETAILS_PER_SCALE * scale;
        while (sum != target) {
            int i = random.nextInt(n);
            if (i == held) {
                continue;
            }
            if (sum < target && items[i] < 6) {
                items[i]++;
                sum++;
            } else if (sum > target && items[i] > 1) {
                items[i]--;
                sum--;
            }
        }
        float[] discounts = {0f, 0f, 0f, 0f, 0.05f, 0.1f, 0.15f, 0.2f, 0.25f};
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int orderId = (Integer) orders.rows().get(i).get(0);
            if (i == held) {
                rows.add(Arrays.asList(orderId, (short) 2, 19f, (short) 10, 0.15f));
                rows.add(Arrays.asList(orderId, (short) 46, 12f, (short) 30, 0.15f));
                rows.add(Arrays.asList(orderId, (short) 76, 18f, (short) 2, 0.15f));
                continue;
            }
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < items[i]) {
                chosen.add(1 + random.nextInt(products.size()));
            }
            for (int product : chosen.stream().sorted().toList()) {
                float price = (Float) products.rows().get(product - 1).get(5);
                rows.add(Arrays.asList(orderId, (short) product, price, (short) (1 + random.nextInt(120)),
                        discounts[random.nextInt(discounts.length)]));
            }
        }
        return new Table("order_details", List.of("order_id", "product_id", "unit_price", "quantity", "discount"), rows);
    }

    private static String uniqueCompany(Random random, Set<String> taken) {
        while (true) {
            String name = pick(random, STEMS) + " " + pick(random, TRADES);
            if (name.length() > 40) {
                continue;
            }
            if (taken.add(name)) {
                return name;
            }
            // Beyond the combinations (large scale factors), branches keep names unique and plausible.
            String branch = name.length() > 33 ? name.substring(0, 33) : name;
            for (int k = 2; ; k++) {
                String numbered = branch + " (" + k + ")";
                if (taken.add(numbered)) {
                    return numbered;
                }
            }
        }
    }

    /** Northwind-style id: three letters of the first word, two of the second (RICSU for Richter Supermarkt). */
    private static String uniqueId(String company, Set<String> taken) {
        String[] words = ascii(company).toUpperCase(Locale.ROOT).replaceAll("[^A-Z ]", "").trim().split(" +");
        String base = (words[0] + "XXX").substring(0, 3) + ((words.length > 1 ? words[1] : "") + "XX").substring(0, 2);
        if (taken.add(base)) {
            return base;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int k = 0; ; k++) {
            String id = base.substring(0, 2) + alphabet.charAt(k / (36 * 36) % 36) + alphabet.charAt(k / 36 % 36)
                    + alphabet.charAt(k % 36);
            if (taken.add(id)) {
                return id;
            }
        }
    }

    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static String person(Random random) {
        return pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES);
    }

    private static String phone(Random random) {
        return String.format(Locale.ROOT, "(%d) %03d-%04d", 1 + random.nextInt(99), random.nextInt(1000), random.nextInt(10000));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
