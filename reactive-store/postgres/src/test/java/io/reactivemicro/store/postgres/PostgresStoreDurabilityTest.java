package io.reactivemicro.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.store.ListOptions;
import io.reactivemicro.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A process writing to PostgreSQL is killed with SIGKILL; every write it had acknowledged is there after. */
@Tag("integration")
class PostgresStoreDurabilityTest {

    private static final Logger log = LoggerFactory.getLogger(PostgresStoreDurabilityTest.class);
    private static final int ACKNOWLEDGED = 1_000;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        String table = "d_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xmx256m",
                        KillWriter.class.getName(),
                        PostgresStoreTest.address(),
                        table)
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
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(acked).as("acknowledged writes before the kill").hasSize(ACKNOWLEDGED);

        Store root = Store.named("postgres", PostgresStoreTest.address());
        try {
            List<String> keys = root.scope("kit_durable", table)
                    .list(ListOptions.all())
                    .collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(keys).containsAll(acked);
            log.info(
                    "SIGKILL after {} acknowledged writes: {} rows after restart, all acknowledged present",
                    acked.size(),
                    keys.size());
        } finally {
            root.close().block(Duration.ofSeconds(10));
            PostgresStoreTest.dropSchemas("kit_durable");
        }
    }
}
