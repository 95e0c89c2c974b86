package io.cdclake.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link ThreadCpu} counts: the CPU that threads of the client's name spent in the window, nothing else. */
class ThreadCpuTest {

    private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Test
    void countsTheClientsThreadsAloneAndNoServerWhereNoneRuns() throws Exception {
        ThreadCpu cpu = new ThreadCpu(name -> name.startsWith("client-"));
        Thread client = new Thread(ThreadCpuTest::spin, "client-1");
        Thread other = new Thread(ThreadCpuTest::spin, "other-1");
        client.start();
        other.start();
        // read while they run: a thread that has ended can no longer be read
        while (client.isAlive() || other.isAlive()) {
            cpu.sample();
        }

        ThreadCpu.Split split = cpu.split();

        assertThat(split.clientNanos()).isBetween(BUSY_NANOS / 2, 2 * BUSY_NANOS);
        assertThat(split.serverSeen()).isFalse();
        assertThat(split.serverNanos()).isZero();
    }

    @Test
    void leavesOutWhatAThreadSpentBeforeTheWindow() throws Exception {
        CountDownLatch firstHalfSpent = new CountDownLatch(1);
        CountDownLatch windowOpen = new CountDownLatch(1);
        Thread client = new Thread(() -> {
            spin();
            firstHalfSpent.countDown();
            try {
                windowOpen.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spin();
        }, "client-1");
        client.start();
        firstHalfSpent.await();
        ThreadCpu cpu = new ThreadCpu(name -> name.startsWith("client-"));
        windowOpen.countDown();
        while (client.isAlive()) {
            cpu.sample();
        }

        assertThat(cpu.split().clientNanos()).isBetween(BUSY_NANOS / 2, BUSY_NANOS + BUSY_NANOS / 2);
    }

    /** Spends {@link #BUSY_NANOS} of this thread's CPU. */
    private static void spin() {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + BUSY_NANOS;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }
}
