package io.cdclake.core.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.Target;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the Target contract: the bucket is a map, and the source database is a JDBC connection that
 * records each statement and hands it to a reaction standing in for the pipeline (which writes the objects the
 * real sink would write).
 */
final class InMemoryTarget implements Target {

    interface Reaction {
        void on(String sql, InMemoryTarget target) throws SQLException;
    }

    private final Map<String, String> objects = new ConcurrentSkipListMap<>();
    final List<String> executed = new CopyOnWriteArrayList<>();
    private volatile Reaction reaction = (sql, target) -> { };
    boolean closed;

    InMemoryTarget put(String key, String content) {
        objects.put(key, content);
        return this;
    }

    InMemoryTarget reacting(Reaction reaction) {
        this.reaction = reaction;
        return this;
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public void apply(Pipeline pipeline) {
        throw new UnsupportedOperationException("the scenarios do not apply pipelines");
    }

    @Override
    public void awaitRunning(Duration timeout) {
        throw new UnsupportedOperationException("the scenarios do not wait for connectors");
    }

    @Override
    public Connection openSourceConnection() {
        Statement statement = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "executeUpdate" -> {
                        executed.add((String) args[0]);
                        reaction.on((String) args[0], this);
                        yield 1;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> statement;
                    case "setAutoCommit", "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public List<SinkObject> listObjects(String prefix) {
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
        String content = objects.get(key);
        if (content == null) {
            throw new IllegalArgumentException("no object " + key);
        }
        return content;
    }

    @Override
    public void close() {
        closed = true;
    }
}
