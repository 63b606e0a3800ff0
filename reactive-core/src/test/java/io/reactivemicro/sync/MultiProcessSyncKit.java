package io.reactivemicro.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.MicroException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/**
 * The {@link Sync} contract across real processes ({@link SyncWorker} child JVMs on this test's classpath):
 * mutual exclusion under contention, a SIGKILLed holder's lock lapsing after its TTL, leadership moving when
 * the leader dies. A plugin subclasses this with its {@link #syncName()} and {@link #address()}.
 */
public abstract class MultiProcessSyncKit {

    private static final Logger log = LoggerFactory.getLogger(MultiProcessSyncKit.class);

    protected abstract String syncName();

    protected abstract String address();

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Child start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                SyncWorker.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("child-" + children.size() + ".err").toFile())
                .start();
        children.add(p);
        return new Child(p);
    }

    /** A child process and the lines it prints, read on a thread of their own. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String await(String expected, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line != null && line.equals(expected)) {
                    return line;
                }
            }
            return null;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void counterIncrementedUnderTheLockByThreeProcessesEndsExact() throws Exception {
        Path counter = dir.resolve("counter.txt");
        Files.writeString(counter, "0");
        String lock = "mp-count-" + UUID.randomUUID();
        int rounds = 30;
        long start = System.nanoTime();
        List<Child> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(start("count", syncName(), address(), lock, counter.toString(), Integer.toString(rounds)));
        }
        for (Child w : workers) {
            assertThat(w.await("DONE", Duration.ofSeconds(120)))
                    .as("worker finished")
                    .isEqualTo("DONE");
        }
        assertThat(Files.readString(counter).trim()).isEqualTo(Integer.toString(3 * rounds));
        log.info(
                "{}: 3 processes x {} increments under the lock ended exact in {} ms",
                syncName(),
                rounds,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void holderKilledWithSigkillLosesTheLockAfterItsTtl() throws Exception {
        String lock = "mp-hold-" + UUID.randomUUID();
        Duration ttl = Duration.ofSeconds(5);
        Sync sync = Sync.named(syncName(), address());
        try {
            // Connect first, so that the client's start-up does not eat into the holder's TTL.
            sync.lock(lock + "-warm-up").flatMap(Lock::unlock).block(Duration.ofSeconds(30));
            Child holder = start("hold", syncName(), address(), lock, Long.toString(ttl.toMillis()));
            assertThat(holder.await("LOCKED", Duration.ofSeconds(30))).isEqualTo("LOCKED");
            StepVerifier.create(sync.lock(lock, LockOptions.defaults().withWaitTimeout(Duration.ZERO)))
                    .expectErrorSatisfies(e -> assertThat(MicroException.hasCode(e, 408))
                            .as("%s", e)
                            .isTrue())
                    .verify(Duration.ofSeconds(30));
            holder.kill();
            long killed = System.nanoTime();
            Lock taken = sync.lock(lock, LockOptions.defaults().withWaitTimeout(Duration.ofSeconds(20)))
                    .block(Duration.ofSeconds(30));
            Duration after = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(taken).isNotNull();
            assertThat(after).isLessThan(ttl.plusSeconds(5));
            log.info(
                    "{}: lock of a SIGKILLed holder (TTL {}) taken {} ms after the kill",
                    syncName(),
                    ttl,
                    after.toMillis());
            taken.unlock().block(Duration.ofSeconds(10));
        } finally {
            sync.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void leadershipMovesWhenTheLeaderDies() throws Exception {
        String election = "mp-lead-" + UUID.randomUUID();
        Duration ttl = Duration.ofSeconds(3);
        Child first = start("lead", syncName(), address(), election, Long.toString(ttl.toMillis()));
        assertThat(first.await("ELECTED", Duration.ofSeconds(30))).isEqualTo("ELECTED");
        Child second = start("lead", syncName(), address(), election, Long.toString(ttl.toMillis()));
        assertThat(second.await("ELECTED", Duration.ofSeconds(4)))
                .as("a second leader while the first lives")
                .isNull();
        first.kill();
        long killed = System.nanoTime();
        assertThat(second.await("ELECTED", ttl.plusSeconds(10))).isEqualTo("ELECTED");
        log.info(
                "{}: leadership moved {} ms after the leader (TTL {}) was SIGKILLed",
                syncName(),
                (System.nanoTime() - killed) / 1_000_000,
                ttl);
    }
}
