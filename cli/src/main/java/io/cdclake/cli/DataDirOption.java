package io.cdclake.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --data-dir}: where a local pipeline keeps its state and its {@code endpoints.json}. The default lives
 * in the checkout the launcher runs from, so every command finds the same running {@code up}.
 */
final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The local pipeline's data directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:cdclake.home:-.}/.cdclake/data")
    Path dataDir;

    Path path() {
        return dataDir.toAbsolutePath().normalize();
    }
}
