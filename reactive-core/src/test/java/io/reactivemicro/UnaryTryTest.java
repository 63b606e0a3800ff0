package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;

class UnaryTryTest {

    /** The attempt's calls, in order, as the node book would see them; decodes and retries as it is told. */
    private static final class RecordingAttempt implements UnaryTry.Attempt {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final @Nullable Function<byte[], Object> decode;
        private final @Nullable Function<Throwable, @Nullable Mono<Object>> retry;
        boolean answered;

        RecordingAttempt(
                @Nullable Function<byte[], Object> decode,
                @Nullable Function<Throwable, @Nullable Mono<Object>> retry) {
            this.decode = decode;
            this.retry = retry;
        }

        @Override
        public void started() {
            calls.add("started");
        }

        @Override
        public void observed(@Nullable Throwable error) {
            calls.add(error == null ? "reply" : "error " + error.getMessage());
            if (error == null) {
                answered = true;
            }
        }

        @Override
        public boolean answered() {
            return answered;
        }

        @Override
        public void ended() {
            calls.add("ended");
        }

        @Override
        public @Nullable Object decode(byte[] reply) {
            return decode == null ? null : decode.apply(reply);
        }

        @Override
        public @Nullable Mono<Object> retry(Throwable error) {
            return retry == null ? null : retry.apply(error);
        }
    }

    private static final Function<byte[], Object> TEXT = data -> new String(data, StandardCharsets.UTF_8);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void demandReachesTheSourceOnlyWhenRequestedAndAReplyCancelsNothing() {
        PublisherProbe<byte[]> source = PublisherProbe.of(Mono.just(bytes("hi")));
        RecordingAttempt attempt = new RecordingAttempt(TEXT, null);
        StepVerifier.create(new UnaryTry(source.mono(), attempt), 0)
                .then(() -> {
                    source.assertWasSubscribed();
                    assertThat(source.wasRequested()).isFalse();
                })
                .thenRequest(1)
                .expectNext("hi")
                .verifyComplete();
        source.assertWasRequested();
        source.assertWasNotCancelled();
        assertThat(attempt.calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void aFailureBeforeAnyReplyGoesOnWithTheNextTry() {
        TestPublisher<byte[]> first = TestPublisher.create();
        TestPublisher<Object> next = TestPublisher.create();
        RecordingAttempt attempt = new RecordingAttempt(TEXT, e -> next.mono());
        MicroException unavailable = MicroException.unavailable("test", "node gone");
        StepVerifier.create(new UnaryTry(first.mono(), attempt))
                .then(() -> first.error(unavailable))
                .then(() -> {
                    next.assertWasRequested();
                    next.emit("from the next try");
                })
                .expectNext("from the next try")
                .verifyComplete();
        assertThat(attempt.calls).containsExactly("started", "error " + unavailable.getMessage(), "ended");
    }

    @Test
    void noNextTryFailsWithTheTrysError() {
        TestPublisher<byte[]> source = TestPublisher.create();
        RecordingAttempt attempt = new RecordingAttempt(TEXT, e -> null);
        StepVerifier.create(new UnaryTry(source.mono(), attempt))
                .then(() -> source.error(MicroException.badRequest("test", "refused")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify();
        assertThat(attempt.calls).endsWith("ended").filteredOn("ended"::equals).hasSize(1);
    }

    @Test
    void anUndecodableReplyCancelsTheSourceAndFails() {
        TestPublisher<byte[]> source = TestPublisher.create();
        Function<byte[], Object> failing = data -> {
            throw MicroException.internal("test", "cannot decode the reply");
        };
        RecordingAttempt attempt = new RecordingAttempt(failing, e -> Mono.just("never"));
        StepVerifier.create(new UnaryTry(source.mono(), attempt))
                .then(() -> source.next(bytes("{")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 500)).isTrue())
                .verify();
        source.assertCancelled();
        assertThat(attempt.calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void cancellingCancelsTheSourceAndEndsTheTryOnce() {
        TestPublisher<byte[]> source = TestPublisher.create();
        RecordingAttempt attempt = new RecordingAttempt(TEXT, null);
        StepVerifier.create(new UnaryTry(source.mono(), attempt))
                .then(source::assertWasRequested)
                .thenCancel()
                .verify();
        source.assertCancelled();
        assertThat(attempt.calls).containsExactly("started", "ended");
    }

    @Test
    void anEndpointWithoutAReplyCompletesEmptyAndCountsAsAnswered() {
        RecordingAttempt attempt = new RecordingAttempt(null, null);
        StepVerifier.create(new UnaryTry(Mono.empty(), attempt)).verifyComplete();
        assertThat(attempt.calls).containsExactly("started", "reply", "ended");
    }
}
