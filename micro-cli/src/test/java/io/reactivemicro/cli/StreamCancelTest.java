package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** {@code micro stream} as a real process: Ctrl-C (SIGINT) cancels the stream on the server, then exits 130. */
class StreamCancelTest {

    @Test
    void sigintToTheCliCancelsTheHandlerOnTheServer() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        Endless handler = request ->
                Flux.interval(Duration.ofMillis(50)).map(Endless.Tick::new).doOnCancel(cancelled::countDown);
        Service endless = Micro.service("endless")
                .registry(Registry.memory())
                .handler(Endless.class, handler)
                .build();
        endless.start().block(Duration.ofSeconds(10));
        String address = endless.server().address().orElseThrow();
        try (Subprocess cli = Subprocess.micro(
                "--registry", "memory", "stream", "endless", "Endless.ticks", "{}", "--address", address)) {
            assertThat(cli.awaitLine(l -> l.startsWith("{\"n\":"), Duration.ofSeconds(30)))
                    .isEqualTo("{\"n\":0}");
            assertThat(cancelled.getCount()).isEqualTo(1);
            cli.signal("INT");
            assertThat(cancelled.await(10, TimeUnit.SECONDS))
                    .as("the server's handler saw the cancel")
                    .isTrue();
            assertThat(cli.exitCode(Duration.ofSeconds(20))).isEqualTo(130);
        } finally {
            endless.stop().block(Duration.ofSeconds(20));
        }
    }
}
