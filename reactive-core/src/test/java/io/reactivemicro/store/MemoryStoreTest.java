package io.reactivemicro.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.MicroException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class MemoryStoreTest extends StoreConformanceKit {

    @Override
    protected Store newStore() {
        return Store.memory();
    }

    @Override
    protected Store newStore(VirtualTimeScheduler clock) {
        return MemoryStore.create(MemoryStore.DEFAULT_MAX_BYTES, clock);
    }

    @Test
    void recordLargerThanTheBoundIsRejectedAsTooLarge() {
        Store small = MemoryStore.create(1024, Schedulers.parallel());
        StepVerifier.create(small.write(Record.of("big", new byte[2048])))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 413)).isTrue())
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void leastRecentlyUsedRecordsAreEvictedBeyondTheBound() {
        Store small = MemoryStore.create(64 * 1024, Schedulers.parallel());
        for (int i = 0; i < 200; i++) {
            small.write(Record.of("k" + i, new byte[1024])).block();
        }
        long kept = small.list(ListOptions.all()).count().block();
        assertThat(kept).isLessThan(200).isPositive();
    }

    @Test
    void memoryIsSelectedByName() {
        assertThat(Store.named("memory", "").describe()).startsWith("memory");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Store.named("nope", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.reactivemicro:store-nope");
    }
}
