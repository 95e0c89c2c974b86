package io.cdclake.core.validate;

import io.cdclake.core.model.Pipeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values a pipeline file leaves for the user to fill in: anything with a {@code <marked-part>} or
 * {@code REPLACE_ME}. Validation tolerates them (the reference pipeline ships with them); a deployer refuses
 * to deploy while {@link #find} reports any.
 */
public final class Placeholders {

    private static final Pattern MARKED = Pattern.compile("<[^<>\\s][^<>]*>|REPLACE_ME");

    private Placeholders() {
    }

    public static boolean isPlaceholder(String value) {
        return value != null && MARKED.matcher(value).find();
    }

    /**
     * Every placeholder that deploying {@code environment} would use: in the pipeline's own settings and in that
     * environment (not in the others), each as a problem with its path and fix.
     */
    public static List<Problem> find(Pipeline pipeline, String environment) {
        List<Problem> found = new ArrayList<>();
        walk(pipeline.name(), "name", found);
        walk(pipeline.source(), "source", found);
        walk(pipeline.debezium(), "debezium", found);
        walk(pipeline.sink(), "sink", found);
        walk(pipeline.environment(environment), "environments." + environment, found);
        return found;
    }

    private static void walk(Object value, String path, List<Problem> found) {
        if (value == null) {
            return;
        }
        if (value instanceof String s) {
            if (isPlaceholder(s)) {
                boolean secret = path.endsWith(".password");
                found.add(new Problem(path, secret ? "******" : s, "is a placeholder",
                        "replace it with your own value before deploying"));
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
        } else if (value.getClass().isRecord()) {
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                try {
                    walk(c.getAccessor().invoke(value), path + "." + c.getName(), found);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("reading " + path + "." + c.getName(), e);
                }
            }
        }
    }
}
