package io.cdclake.core.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems in the order found; a path reported once is not reported again (one problem per value).
 */
final class Problems {

    private final List<Problem> list = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();

    void add(String path, Object value, String message, String fix) {
        if (paths.add(path)) {
            list.add(new Problem(path, value == null ? null : String.valueOf(value), message, fix));
        }
    }

    List<Problem> list() {
        return List.copyOf(list);
    }
}
