package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;

class UnaryTryTest {

    /** A try that records its calls, in order, as the node book would see them; decodes and retries as told. */
    private static final class RecordingTry extends UnaryTry {
        private final List<String> calls;
        private final @Nullable Function<byte[], Object> decode;
        private final @Nullable Function<Throwable, @Nullable Mono<Object>> retry;
        private boolean answered;

        RecordingTry(
                CoreSubscriber<? super Object> actual,
                List<String> calls,
                @Nullable Function<byte[], Object> decode,
                @Nullable Function<Throwable, @Nullable Mono<Object>> retry) {
            super(actual);
            this.calls = calls;
            this.decode = decode;
            this.retry = retry;
        }

        @Override
        void started() {
            calls.add("started");
        }

        @Override
        void observed(@Nullable Throwable error) {
            calls.add(error == null ? "reply" : "error " + error.getMessage());
            if (error == null) {
                answered = true;
            }
        }

        @Override
        boolean answered() {
            return answered;
        }

        @Override
        void ended() {
            calls.add("ended");
        }

        @Override
        @Nullable
        Object decode(byte[] reply) {
            return decode == null ? null : decode.apply(reply);
        }

        @Override
        @Nullable
        Mono<Object> retry(Throwable error) {
            return retry == null ? null : retry.apply(error);
        }
    }

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** A try on {@code source} for each subscriber. */
    private Mono<Object> tryOn(
            Publisher<byte[]> source,
            @Nullable Function<byte[], Object> decode,
            @Nullable Function<Throwable, @Nullable Mono<Object>> retry) {
        return Mono.fromDirect(
                s -> new RecordingTry(Operators.toCoreSubscriber(s), calls, decode, retry).start(source));
    }

    private static final Function<byte[], Object> TEXT = data -> new String(data, StandardCharsets.UTF_8);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void demandReachesTheSourceOnlyWhenRequestedAndAReplyCancelsNothing() {
        PublisherProbe<byte[]> source = PublisherProbe.of(Mono.just(bytes("hi")));
        StepVerifier.create(tryOn(source.mono(), TEXT, null), 0)
                .then(() -> {
                    source.assertWasSubscribed();
                    assertThat(source.wasRequested()).isFalse();
                })
                .thenRequest(1)
                .expectNext("hi")
                .verifyComplete();
        source.assertWasRequested();
        source.assertWasNotCancelled();
        assertThat(calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void aFailureBeforeAnyReplyGoesOnWithTheNextTry() {
        TestPublisher<byte[]> first = TestPublisher.create();
        TestPublisher<Object> next = TestPublisher.create();
        MicroException unavailable = MicroException.unavailable("test", "node gone");
        StepVerifier.create(tryOn(first.mono(), TEXT, e -> next.mono()))
                .then(() -> first.error(unavailable))
                .then(() -> {
                    next.assertWasRequested();
                    next.emit("from the next try");
                })
                .expectNext("from the next try")
                .verifyComplete();
        assertThat(calls).containsExactly("started", "error " + unavailable.getMessage(), "ended");
    }

    @Test
    void noNextTryFailsWithTheTrysError() {
        TestPublisher<byte[]> source = TestPublisher.create();
        StepVerifier.create(tryOn(source.mono(), TEXT, e -> null))
                .then(() -> source.error(MicroException.badRequest("test", "refused")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify();
        assertThat(calls).endsWith("ended").filteredOn("ended"::equals).hasSize(1);
    }

    @Test
    void anUndecodableReplyCancelsTheSourceAndFails() {
        TestPublisher<byte[]> source = TestPublisher.create();
        Function<byte[], Object> failing = data -> {
            throw MicroException.internal("test", "cannot decode the reply");
        };
        StepVerifier.create(tryOn(source.mono(), failing, e -> Mono.just("never")))
                .then(() -> source.next(bytes("{")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 500)).isTrue())
                .verify();
        source.assertCancelled();
        assertThat(calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void cancellingCancelsTheSourceAndEndsTheTryOnce() {
        TestPublisher<byte[]> source = TestPublisher.create();
        StepVerifier.create(tryOn(source.mono(), TEXT, null))
                .then(source::assertWasRequested)
                .thenCancel()
                .verify();
        source.assertCancelled();
        assertThat(calls).containsExactly("started", "ended");
    }

    @Test
    void anEndpointWithoutAReplyCompletesEmptyAndCountsAsAnswered() {
        StepVerifier.create(tryOn(Mono.empty(), null, null)).verifyComplete();
        assertThat(calls).containsExactly("started", "reply", "ended");
    }
}
