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

    /** The feed's calls, in order, as the node book would see them. */
    private static final class RecordingFeed implements UnaryTry.Feed {
        final List<String> calls = new CopyOnWriteArrayList<>();
        boolean answered;

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
    }

    private static final Function<byte[], Object> TEXT = data -> new String(data, StandardCharsets.UTF_8);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void demandReachesTheSourceOnlyWhenRequestedAndAReplyCancelsNothing() {
        PublisherProbe<byte[]> source = PublisherProbe.of(Mono.just(bytes("hi")));
        RecordingFeed feed = new RecordingFeed();
        StepVerifier.create(new UnaryTry(source.mono(), feed, TEXT, null), 0)
                .then(() -> {
                    source.assertWasSubscribed();
                    assertThat(source.wasRequested()).isFalse();
                })
                .thenRequest(1)
                .expectNext("hi")
                .verifyComplete();
        source.assertWasRequested();
        source.assertWasNotCancelled();
        assertThat(feed.calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void aFailureBeforeAnyReplyGoesOnWithTheNextTry() {
        TestPublisher<byte[]> first = TestPublisher.create();
        TestPublisher<Object> next = TestPublisher.create();
        RecordingFeed feed = new RecordingFeed();
        MicroException unavailable = MicroException.unavailable("test", "node gone");
        StepVerifier.create(new UnaryTry(first.mono(), feed, TEXT, e -> next.mono()))
                .then(() -> first.error(unavailable))
                .then(() -> {
                    next.assertWasRequested();
                    next.emit("from the next try");
                })
                .expectNext("from the next try")
                .verifyComplete();
        assertThat(feed.calls).containsExactly("started", "error " + unavailable.getMessage(), "ended");
    }

    @Test
    void noNextTryFailsWithTheTrysError() {
        TestPublisher<byte[]> source = TestPublisher.create();
        RecordingFeed feed = new RecordingFeed();
        StepVerifier.create(new UnaryTry(source.mono(), feed, TEXT, e -> null))
                .then(() -> source.error(MicroException.badRequest("test", "refused")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify();
        assertThat(feed.calls).endsWith("ended").filteredOn("ended"::equals).hasSize(1);
    }

    @Test
    void anUndecodableReplyCancelsTheSourceAndFails() {
        TestPublisher<byte[]> source = TestPublisher.create();
        RecordingFeed feed = new RecordingFeed();
        Function<byte[], Object> failing = data -> {
            throw MicroException.internal("test", "cannot decode the reply");
        };
        StepVerifier.create(new UnaryTry(source.mono(), feed, failing, e -> Mono.just("never")))
                .then(() -> source.next(bytes("{")))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 500)).isTrue())
                .verify();
        source.assertCancelled();
        assertThat(feed.calls).containsExactly("started", "reply", "ended");
    }

    @Test
    void cancellingCancelsTheSourceAndEndsTheTryOnce() {
        TestPublisher<byte[]> source = TestPublisher.create();
        RecordingFeed feed = new RecordingFeed();
        StepVerifier.create(new UnaryTry(source.mono(), feed, TEXT, null))
                .then(source::assertWasRequested)
                .thenCancel()
                .verify();
        source.assertCancelled();
        assertThat(feed.calls).containsExactly("started", "ended");
    }

    @Test
    void anEndpointWithoutAReplyCompletesEmptyAndCountsAsAnswered() {
        RecordingFeed feed = new RecordingFeed();
        StepVerifier.create(new UnaryTry(Mono.empty(), feed, null, null)).verifyComplete();
        assertThat(feed.calls).containsExactly("started", "reply", "ended");
    }
}
