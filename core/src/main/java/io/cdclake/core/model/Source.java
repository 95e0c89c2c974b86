package io.cdclake.core.model;

import java.util.List;

/**
 * The source database: where the captured tables live and how Debezium reads them.
 *
 * @param database    the database name ({@code devdb})
 * @param schema      the schema Debezium includes ({@code schema.include.list}); every table is in it
 * @param tables      the captured tables, schema-qualified ({@code datalake.cdc_events}); one topic each
 * @param publication the explicit publication covering the tables (Debezium does not create it)
 * @param slotName    the logical replication slot the connector owns
 * @param plugin      the logical decoding plugin; {@code pgoutput}, the only one a publication works with
 */
public record Source(String database, String schema, List<String> tables, Publication publication, String slotName,
                     String plugin) {

    public static final String PGOUTPUT = "pgoutput";

    public Source {
        tables = Immutables.list(tables);
        plugin = plugin == null ? PGOUTPUT : plugin;
    }

    /**
     * An explicit publication ({@code publication.autocreate.mode=disabled}).
     *
     * @param tables the tables the publication covers, schema-qualified, as created by the loader
     */
    public record Publication(String name, List<String> tables) {
        public Publication {
            tables = Immutables.list(tables);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().database(database).schema(schema).tables(tables).publication(publication)
                .slotName(slotName).plugin(plugin);
    }

    public static final class Builder {
        private String database;
        private String schema;
        private List<String> tables;
        private Publication publication;
        private String slotName;
        private String plugin;

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

        /** A publication with its name and covered tables. */
        public Builder publication(String name, List<String> tables) {
            return publication(new Publication(name, tables));
        }

        public Builder slotName(String slotName) {
            this.slotName = slotName;
            return this;
        }

        public Builder plugin(String plugin) {
            this.plugin = plugin;
            return this;
        }

        public Source build() {
            return new Source(database, schema, tables, publication, slotName, plugin);
        }
    }
}
