package io.cdclake.local;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Source;
import io.cdclake.sql.SourceLoader;

import java.nio.file.Path;

/** A pipeline's {@code source.init} as a {@link SourceLoader} for one server: the one mapping both runners use. */
public final class SourceInit {

    private SourceInit() {
    }

    /**
     * The loader that makes {@code pipeline}'s source database on {@code db}.
     *
     * @param scale a scale factor for the Northwind generator instead of the file's; null for the file's
     * @throws IllegalArgumentException when the pipeline declares no init, or a scale is given for scripts
     */
    public static SourceLoader.Builder loader(Pipeline pipeline, SourceDatabase db, Integer scale) {
        Source source = pipeline.source();
        Source.Init init = source.init();
        if (init == null) {
            throw new IllegalArgumentException("pipeline " + pipeline.name() + " declares no source.init, so cdc-lake"
                    + " cannot make its tables (" + String.join(", ", source.tables()) + "); declare source.init"
                    + " (scripts: [...] or northwind: {scale: 1}), or create them in database " + source.database());
        }
        if (scale != null && init.northwind() == null) {
            throw new IllegalArgumentException("--scale " + scale + " applies to the Northwind generator, and pipeline "
                    + pipeline.name() + " loads source.init.scripts; leave --scale out");
        }
        SourceLoader.Builder loader = SourceLoader.builder().host(db.host()).port(db.port()).database(source.database())
                .user(db.user()).password(db.password()).tables(source.tables())
                .publication(source.publication().name(), source.publication().create());
        if (init.northwind() != null) {
            return loader.northwind(scale != null ? scale : init.northwind().scale());
        }
        return loader.scripts(init.scripts().stream().map(Path::of).toList()).roles(init.roles());
    }
}
