package io.cdclake.core.model;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The source database: where the captured tables live, how Debezium reads them, and how the database is made.
 *
 * @param database    the database name ({@code devdb})
 * @param schema      the schema a scenario's SQL runs in ({@code search_path}); the first table's when null
 * @param tables      the captured tables, schema-qualified, in any schemas ({@code table.include.list}); one topic each
 * @param publication the explicit publication covering the tables (Debezium does not create it)
 * @param slotName    the logical replication slot the connector owns
 * @param plugin      the logical decoding plugin; {@code pgoutput}, the only one a publication works with
 * @param init        how a new database gets its tables and rows; null for an existing database
 */
public record Source(String database, String schema, List<String> tables, Publication publication, String slotName,
                     String plugin, Init init) {

    public static final String PGOUTPUT = "pgoutput";

    public Source {
        tables = Immutables.list(tables);
        plugin = plugin == null ? PGOUTPUT : plugin;
    }

    /** The schema scenario steps run in: {@link #schema()}, else the first captured table's. */
    public String searchSchema() {
        if (schema != null) {
            return schema;
        }
        return tables.isEmpty() || !tables.get(0).contains(".") ? null : schemaOf(tables.get(0));
    }

    /** The schemas of the captured tables, in table order, each once ({@code schema.include.list}). */
    public List<String> schemas() {
        LinkedHashSet<String> schemas = new LinkedHashSet<>();
        tables.stream().filter(t -> t.contains(".")).forEach(t -> schemas.add(schemaOf(t)));
        return List.copyOf(schemas);
    }

    /** {@code datalake} of {@code datalake.cdc_events}. */
    public static String schemaOf(String qualifiedTable) {
        return qualifiedTable.substring(0, qualifiedTable.indexOf('.'));
    }

    /** {@code cdc_events} of {@code datalake.cdc_events}. */
    public static String tableOf(String qualifiedTable) {
        return qualifiedTable.substring(qualifiedTable.indexOf('.') + 1);
    }

    /**
     * An explicit publication ({@code publication.autocreate.mode=disabled}).
     *
     * @param create whether cdc-lake creates it, for every captured table, after the database's init (the
     *               default); false when the init scripts or the database's owner create it
     */
    public record Publication(String name, Boolean create) {
        public Publication {
            create = create == null || create;
        }
    }

    /**
     * How a new source database is made: the user's SQL scripts, run verbatim in list order in one transaction,
     * or the built-in Northwind generator (the article's tables, rows and outbox). Exactly one of the two.
     *
     * @param scripts   paths of SQL files, relative to the pipeline file
     * @param northwind the generator and its scale factor
     * @param roles     roles the scripts refer to (GRANT ... TO devuser); created, NOLOGIN, where missing
     */
    public record Init(List<String> scripts, Northwind northwind, List<String> roles) {
        public Init {
            scripts = Immutables.list(scripts);
            roles = Immutables.list(roles);
        }

        /** The built-in generator; {@code scale} 1 (the default) is Northwind's size. */
        public record Northwind(Integer scale) {
            public static final int DEFAULT_SCALE = 1;

            public Northwind {
                scale = scale == null ? DEFAULT_SCALE : scale;
            }
        }

        public static Init scripts(List<String> scripts) {
            return new Init(scripts, null, List.of());
        }

        public static Init northwind(int scale) {
            return new Init(List.of(), new Northwind(scale), List.of());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().database(database).schema(schema).tables(tables).publication(publication)
                .slotName(slotName).plugin(plugin).init(init);
    }

    public static final class Builder {
        private String database;
        private String schema;
        private List<String> tables;
        private Publication publication;
        private String slotName;
        private String plugin;
        private Init init;

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder tables(List<String> tables) {
            this.tables = tables;
            return this;
        }

        public Builder publication(Publication publication) {
            this.publication = publication;
            return this;
        }

        /** A publication with its name, and whether cdc-lake creates it. */
        public Builder publication(String name, boolean create) {
            return publication(new Publication(name, create));
        }

        public Builder slotName(String slotName) {
            this.slotName = slotName;
            return this;
        }

        public Builder plugin(String plugin) {
            this.plugin = plugin;
            return this;
        }

        public Builder init(Init init) {
            this.init = init;
            return this;
        }

        public Source build() {
            return new Source(database, schema, tables, publication, slotName, plugin, init);
        }
    }
}
