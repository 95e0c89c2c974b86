package io.cdclake.core.validate;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline with problems; the message lists every one of them, one per line. */
public final class InvalidPipelineException extends RuntimeException {

    private final String source;
    private final transient List<Problem> problems;

    /**
     * @param source   what was read, e.g. the file name, for the message's first line
     * @param problems at least one
     */
    public InvalidPipelineException(String source, List<Problem> problems) {
        super(message(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid pipeline has at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(String source, List<Problem> problems) {
        return source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
