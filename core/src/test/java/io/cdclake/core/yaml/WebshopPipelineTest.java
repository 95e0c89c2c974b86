package io.cdclake.core.yaml;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.validate.PipelineValidator;
import io.cdclake.core.validate.Placeholders;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** pipelines/webshop.yaml, the second reference pipeline: three tables captured directly, three layouts in S3. */
class WebshopPipelineTest {

    static final Path WEBSHOP = Path.of("../pipelines/webshop.yaml");

    private final Pipeline pipeline = PipelineYaml.read(WEBSHOP);

    @Test
    void isValidAndCapturesThreeTablesOfSchemaShopWithoutAnOutbox() {
        assertThat(PipelineValidator.validate(pipeline)).isEmpty();
        assertThat(pipeline.source().tables()).containsExactly("shop.customers", "shop.products", "shop.order_lines");
        assertThat(pipeline.topics()).containsExactly("msk.shop.customers", "msk.shop.products", "msk.shop.order_lines");
        assertThat(pipeline.source().init().northwind()).isNull();
        assertThat(pipeline.source().init().scripts()).hasSize(2)
                .allSatisfy(script -> assertThat(Path.of(script)).as("relative to the pipeline file").isRegularFile());
        assertThat(pipeline.debezium().unwrap().deleteHandling()).isEqualTo("rewrite-with-tombstone");
        assertThat(pipeline.debezium().unwrap().addFields()).contains("op");
    }

    @Test
    void itsDataScriptIsAPgDumpWithCopyBlocks() throws Exception {
        String data = Files.readString(WEBSHOP.resolveSibling("webshop").resolve("02_data.sql"));
        assertThat(data).contains("COPY shop.customers (customer_code, name, country, email, signed_up) FROM stdin;",
                "COPY shop.products ", "COPY shop.order_lines ", "\n\\.\n");
    }

    @Test
    void eachTopicHasItsOwnLayout() {
        ConnectorConfigs configs = ConnectorRenderer.preview(pipeline, "local");
        assertThat(configs.sink().config().get("connect.s3.kcql").split(";")).containsExactly(
                "INSERT INTO webshop-data-lake:webshop SELECT * FROM msk.shop.customers PARTITIONBY country"
                        + " STOREAS `json` PROPERTIES('flush.interval'=1, 'flush.count'=100)",
                "INSERT INTO webshop-data-lake:webshop/products SELECT * FROM msk.shop.products NOPARTITION"
                        + " STOREAS `json` PROPERTIES('flush.interval'=1, 'flush.count'=100)",
                "INSERT INTO webshop-data-lake:webshop SELECT * FROM msk.shop.order_lines PARTITIONBY order_id"
                        + " STOREAS `json` PROPERTIES('flush.interval'=1, 'flush.count'=100)");
        assertThat(configs.source().config()).containsEntry("transforms.unwrap.delete.tombstone.handling.mode",
                "rewrite-with-tombstone");
    }

    @Test
    void onlyTheAwsEnvironmentHasPlaceholders() {
        assertThat(pipeline.environments().keySet()).containsExactly("local", "emulator", "aws");
        assertThat(Placeholders.find(pipeline, "aws")).isNotEmpty();
        assertThat(Placeholders.find(pipeline, "local")).isEmpty();
        assertThat(Placeholders.find(pipeline, "emulator")).isEmpty();
    }
}
