package io.cdclake.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @TempDir
    Path dataDir;

    @Test
    void keptPortsAreBelowTheRangeTheSystemHandsToOutgoingConnections() {
        // ports from that range were taken by other sockets while a killed runner was down (ChaosRunIT)
        Ports ports = Ports.in(dataDir);

        for (String part : new String[] {"postgres", "kafka", "s3", "connect", "msk-connect"}) {
            assertThat(ports.of(part)).as(part).isBetween(Ports.FIRST, Ports.EPHEMERAL - 1);
        }
    }

    @Test
    void aRestartOnTheSameDataDirGetsTheSamePorts() {
        int kafka = Ports.in(dataDir).of("kafka");
        int connect = Ports.in(dataDir).of("connect");

        Ports again = Ports.in(dataDir);

        assertThat(again.of("kafka")).isEqualTo(kafka);
        assertThat(again.of("connect")).isEqualTo(connect);
    }
}
