package io.cdclake.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A part stops and starts again; a second stop or start changes nothing; its last instance stays reachable. */
class RestartablePartTest {

    private final List<String> events = new ArrayList<>();
    private int starts;

    private final class Server implements AutoCloseable {
        private final int generation = ++starts;

        Server() {
            events.add("start " + generation);
        }

        @Override
        public void close() {
            events.add("stop " + generation);
        }
    }

    @Test
    void stopsAndStartsAgainOnceEach() throws Exception {
        RestartablePart<Server> part = new RestartablePart<>("s3", Server::new);
        assertThatThrownBy(part::current).hasMessage("s3 has not started");

        Server first = part.start();
        assertThat(part.start()).as("running: left as it is").isSameAs(first);
        part.stop();
        part.stop();
        assertThat(part.current()).as("the last instance, while stopped").isSameAs(first);
        Server second = part.start();
        part.close();

        assertThat(second).isNotSameAs(first);
        assertThat(events).containsExactly("start 1", "stop 1", "start 2", "stop 2");
    }
}
