package io.cdclake.core.target;

import java.util.List;

/** Reads what a pipeline's sink wrote to its bucket: what scenarios and inspection commands look at. */
public interface SinkReader {

    /** The sink bucket's objects whose keys start with {@code prefix} ("" for all), in key order. */
    List<SinkObject> listObjects(String prefix);

    /** One object's content as UTF-8 text. */
    String readObject(String key);
}
