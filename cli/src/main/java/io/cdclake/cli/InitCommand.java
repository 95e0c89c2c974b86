package io.cdclake.cli;

import io.cdclake.core.imports.ConnectorFile;
import io.cdclake.core.imports.ConnectorImport;
import io.cdclake.core.imports.ImportedPipeline;
import io.cdclake.core.imports.Unmapped;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Source;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.yaml.PipelineYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a pipeline file from your connector configurations: one Debezium PostgreSQL source and"
                + " one KCQL S3 sink (Lenses or built-in), each as Connect REST JSON ({\"name\":..., \"config\":{...}}),"
                + " a bare JSON map, or a .properties file as MSK Connect takes it.",
                "Settings it cannot map are listed with the reason; secrets are never copied (the database password"
                        + " becomes a Secrets Manager reference to fill in, unless it already is a reference)."})
final class InitCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "FILE", required = true, arity = "1..*",
            description = "The connector files: the source's and the sink's, in any order.")
    List<Path> from;

    @Option(names = "--output", paramLabel = "PATH",
            description = "Where to write the pipeline file; standard output when absent (the report then goes to"
                    + " standard error).")
    Path output;

    @Option(names = "--force", description = "Replace an existing --output file.")
    boolean force;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The pipeline's name (default: from the source connector's name, or its database and first"
                    + " table).")
    String name;

    @Option(names = "--keep-sink-class",
            description = "Keep the files' sink connector class. By default the pipeline names the built-in sink,"
                    + " which reads the same KCQL and connect.s3.* settings; the Lenses class needs its plugin"
                    + " (up --plugin-dir DIR locally, its zip in msk.plugins.sink for deploy).")
    boolean keepSinkClass;

    @Option(names = "--scripts", paramLabel = "FILE", arity = "1..*",
            description = "SQL scripts that make the source database (DDL, data, outbox, triggers, publication), run in"
                    + " this order by up and load-db --pipeline; written as source.init.scripts, relative to the"
                    + " --output file. Without them the pipeline reads an existing database (up --jdbc-url).")
    List<Path> scripts;

    @Option(names = "--roles", paramLabel = "ROLE", split = ",",
            description = "Roles the scripts GRANT to (e.g. devuser), created NOLOGIN where missing.")
    List<String> roles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (output != null && Files.exists(output) && !force) {
            throw new ParameterException(spec.commandLine(), "--output " + output + " exists; pass --force to replace"
                    + " it, or choose another --output");
        }
        if (output != null && output.toAbsolutePath().getParent() != null
                && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new ParameterException(spec.commandLine(), "--output " + output + ": its directory does not exist;"
                    + " create it first, or choose another --output");
        }
        if (roles != null && scripts == null) {
            throw new ParameterException(spec.commandLine(), "--roles applies to --scripts; give the scripts that"
                    + " refer to the roles, or leave --roles out");
        }
        List<ConnectorFile> files = from.stream().map(ConnectorFile::read).toList();
        ImportedPipeline imported = ConnectorImport.of(files, new ConnectorImport.Options(name, keepSinkClass, init()));
        String yaml = imported.yaml();
        // what validate will say of the file, checked before anything is written
        Pipeline pipeline = PipelineYaml.parse(yaml, "the imported pipeline");
        PrintWriter report = output == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            write(yaml);
        }
        report.println((output == null ? "imported" : "wrote " + output) + ": pipeline " + pipeline.name() + ", "
                + String.join(", ", pipeline.source().tables()) + " -> " + String.join(", ", pipeline.topics())
                + " -> s3://" + pipeline.sink().bucket() + "/" + String.join("/, ", pipeline.sinkPrefixes()) + "/; environments "
                + String.join(", ", pipeline.environments().keySet()));
        List<Unmapped> unmapped = imported.unmapped();
        if (!unmapped.isEmpty()) {
            report.println(unmapped.size() + (unmapped.size() == 1 ? " setting" : " settings") + " not imported:");
            unmapped.forEach(u -> report.println("  " + u));
        }
        int placeholders = Placeholders.find(pipeline, "aws").size();
        if (placeholders > 0) {
            report.println("aws has " + placeholders + " placeholder" + (placeholders == 1 ? "" : "s")
                    + " to fill before deploying");
        }
        if (output != null) {
            report.println("next: ./cdclake validate --pipeline " + output + "; ./cdclake up --pipeline " + output);
        }
        report.flush();
        return 0;
    }

    /** The scripts as the pipeline file names them: relative to its directory (the working directory for stdout). */
    private Source.Init init() {
        if (scripts == null) {
            return null;
        }
        Path base = (output == null ? Path.of("") : output.toAbsolutePath().getParent()).toAbsolutePath();
        List<String> relative = new java.util.ArrayList<>();
        for (Path script : scripts) {
            if (!Files.isRegularFile(script)) {
                throw new ParameterException(spec.commandLine(), "--scripts " + script + " is not a file; give the"
                        + " SQL files that make the database");
            }
            relative.add(base.relativize(script.toAbsolutePath().normalize()).toString());
        }
        return new Source.Init(relative, null, roles == null ? List.of() : roles);
    }

    /** Through a file beside the target, so that a failed write leaves no half file and an existing one intact. */
    private void write(String yaml) {
        Path target = output.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temp, yaml);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // the write failed already; that is what is reported
            }
            throw new UncheckedIOException("writing " + output + ": " + e.getMessage(), e);
        }
    }
}
