package io.cdclake.cli.chaos;

/**
 * One committed change of {@code chaos.changes}, as a record in S3 identifies it: the row's id, the version the
 * change wrote (for a delete, the version it deleted) and Debezium's op ({@code c}, {@code u}, {@code d}).
 */
public record Change(long id, int version, String op) {

    public static Change insert(long id) {
        return new Change(id, 1, "c");
    }

    public static Change update(long id, int newVersion) {
        return new Change(id, newVersion, "u");
    }

    public static Change delete(long id, int lastVersion) {
        return new Change(id, lastVersion, "d");
    }

    @Override
    public String toString() {
        return op + ":" + id + "@" + version;
    }
}
