package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** What a subscriber's demand becomes on its way to the sender: the requests the source sees. */
class DemandWindowTest {

    private static final int WINDOW = DemandWindow.MESSAGES;

    private final List<Long> asked = new CopyOnWriteArrayList<>();

    @Test
    void aDemandWithinTheWindowCrossesExactly() {
        StepVerifier.create(DemandWindow.of(Flux.range(0, 10_000).doOnRequest(asked::add)), 0)
                .thenRequest(10)
                .expectNextCount(10)
                .thenRequest(5)
                .expectNextCount(5)
                .thenCancel()
                .verify();
        assertThat(asked).containsExactly(10L, 5L);
    }

    @Test
    void anUnboundedDemandIsAskedForAWindowThenHalfAWindowEachTimeHalfHasArrived() {
        // delivered on another thread, as from a connection: a source that emits within request() is asked again
        // only once it has delivered all that was asked
        Flux<Integer> source =
                Flux.range(0, 3 * WINDOW).publishOn(Schedulers.single()).doOnRequest(asked::add);
        StepVerifier.create(DemandWindow.of(source)).expectNextCount(3 * WINDOW).verifyComplete();
        assertThat(asked.get(0)).isEqualTo(WINDOW);
        assertThat(asked.subList(1, asked.size())).isNotEmpty().allMatch(n -> n == WINDOW / 2);
    }

    @Test
    void theSourceIsNeverAskedForMoreThanAWindowAheadOfWhatArrived() {
        AtomicLong requested = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        Flux<Long> source = Flux.<Long>generate(sink -> sink.next(emitted.incrementAndGet()))
                .doOnRequest(n -> mostAhead.accumulateAndGet(requested.addAndGet(n) - emitted.get(), Math::max));
        StepVerifier.create(DemandWindow.of(source).take(10 * WINDOW, false))
                .expectNextCount(10 * WINDOW)
                .verifyComplete();
        assertThat(mostAhead.get()).isEqualTo(WINDOW);
    }

    @Test
    void aLargeFiniteDemandIsAskedForInWindowsAndNoMore() {
        StepVerifier.create(DemandWindow.of(Flux.range(0, 10_000).doOnRequest(asked::add)), 0)
                .thenRequest(5_000)
                .expectNextCount(5_000)
                .thenCancel()
                .verify();
        assertThat(asked.get(0)).isEqualTo(WINDOW);
        assertThat(asked.stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);
    }
}
