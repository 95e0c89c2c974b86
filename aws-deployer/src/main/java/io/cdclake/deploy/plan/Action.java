package io.cdclake.deploy.plan;

/** What apply does to one resource, with the mark the plan shows it by. */
public enum Action {
    CREATE("+", "create"),
    UPDATE("~", "update in place"),
    REPLACE("-/+", "replace"),
    DELETE("-", "delete"),
    NONE("=", "no change");

    private final String mark;
    private final String words;

    Action(String mark, String words) {
        this.mark = mark;
        this.words = words;
    }

    public String mark() {
        return mark;
    }

    public String words() {
        return words;
    }
}
