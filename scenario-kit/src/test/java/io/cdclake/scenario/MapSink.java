package io.cdclake.scenario;

import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SinkReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A bucket as a map, for tests: what the sink would have written. {@code onList} runs before each listing, so a
 * test can land the objects a change in the real source database would produce.
 */
final class MapSink implements SinkReader {

    private final Map<String, String> objects = new ConcurrentSkipListMap<>();
    private volatile Runnable onList = () -> { };
    int reads;

    MapSink put(String key, String content) {
        objects.put(key, content);
        return this;
    }

    boolean has(String key) {
        return objects.containsKey(key);
    }

    MapSink onList(Runnable onList) {
        this.onList = onList;
        return this;
    }

    @Override
    public List<SinkObject> listObjects(String prefix) {
        onList.run();
        List<SinkObject> list = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                list.add(new SinkObject(k, v.getBytes(StandardCharsets.UTF_8).length));
            }
        });
        return list;
    }

    @Override
    public String readObject(String key) {
        reads++;
        String content = objects.get(key);
        if (content == null) {
            throw new IllegalArgumentException("no object " + key);
        }
        return content;
    }
}
