package io.reactivemicro.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.store.ListOptions;
import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A process writing to the file store is killed with SIGKILL; every write it had acknowledged survives. */
class FileStoreDurabilityTest {

    private static final Logger log = LoggerFactory.getLogger(FileStoreDurabilityTest.class);
    private static final int ACKNOWLEDGED = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesSigkillAndTheStoreReopensCleanly() throws Exception {
        Path file = dir.resolve("durable.mv");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xmx256m",
                        KillWriter.class.getName(),
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKNOWLEDGED && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            // SIGKILL: no shutdown hooks, no close, whatever was in flight is cut off.
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED);

        Store reopened = FileStoreProvider.open(file);
        try {
            List<String> keys = new ArrayList<>();
            reopened.list(ListOptions.all()).doOnNext(keys::add).blockLast(Duration.ofSeconds(30));
            assertThat(keys).containsAll(acked);
            String sample = acked.iterator().next();
            Record r = reopened.read(sample).block(Duration.ofSeconds(10));
            assertThat(r).isNotNull();
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .isEqualTo("value " + Integer.parseInt(sample.substring(1)));
            reopened.write(Record.of("after-restart", new byte[] {1})).block(Duration.ofSeconds(10));
            assertThat(reopened.read("after-restart").block(Duration.ofSeconds(10)))
                    .isNotNull();
            log.info(
                    "SIGKILL after {} acknowledged writes: {} keys on reopen, all acknowledged present",
                    acked.size(),
                    keys.size());
        } finally {
            reopened.close().block(Duration.ofSeconds(10));
        }
    }
}
