package io.reactivemicro.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.MicroException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The contract every {@link Store} meets. A plugin subclasses this with {@link #newStore()}; each test runs in
 * a table of its own ({@code kit.t_<random>}) so that tests against a shared server do not meet.
 */
public abstract class StoreConformanceKit {

    /** How long any one step may take against a real backend. */
    protected static final Duration STEP = Duration.ofSeconds(30);

    /** A store connected to the backend under test; closed after each test. */
    protected abstract Store newStore();

    /**
     * A store whose clock is {@code clock}, for backends that can run in virtual time; null (the default) makes
     * the TTL tests use short real TTLs instead.
     */
    protected Store newStore(VirtualTimeScheduler clock) {
        return null;
    }

    protected Store root;
    protected Store store;

    @BeforeEach
    void openStore() {
        root = newStore();
        store = root.scope(
                "kit", "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    @AfterEach
    void closeStore() {
        root.close().block(STEP);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void put(String key, String value) {
        StepVerifier.create(store.write(Record.of(key, utf8(value))))
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void writtenRecordReadsBackWithItsMetadata() {
        Record record = new Record("user:1", utf8("alice"), Map.of("kind", "user"), Duration.ZERO);
        StepVerifier.create(store.write(record)).expectComplete().verify(STEP);

        StepVerifier.create(store.read("user:1"))
                .assertNext(r -> {
                    assertThat(r.key()).isEqualTo("user:1");
                    assertThat(r.value()).isEqualTo(utf8("alice"));
                    assertThat(r.metadata()).containsEntry("kind", "user");
                    assertThat(r.expiry()).isZero();
                })
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void absentKeyReadsEmpty() {
        StepVerifier.create(store.read("nobody")).expectComplete().verify(STEP);
    }

    @Test
    void overwriteReplacesValueAndMetadata() {
        store.write(new Record("k", utf8("one"), Map.of("v", "1"), Duration.ZERO))
                .block(STEP);
        store.write(new Record("k", utf8("two"), Map.of("w", "2"), Duration.ZERO))
                .block(STEP);

        StepVerifier.create(store.read("k"))
                .assertNext(r -> {
                    assertThat(r.value()).isEqualTo(utf8("two"));
                    assertThat(r.metadata()).isEqualTo(Map.of("w", "2"));
                })
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void writeOptionsAddMetadataAndTtl() {
        store.write(
                        new Record("k", utf8("v"), Map.of("a", "1", "b", "1"), Duration.ZERO),
                        WriteOptions.ttl(Duration.ofHours(1)).withMetadata(Map.of("b", "2")))
                .block(STEP);

        StepVerifier.create(store.read("k"))
                .assertNext(r -> {
                    assertThat(r.metadata()).isEqualTo(Map.of("a", "1", "b", "2"));
                    assertThat(r.expiry()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
                })
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void deletedRecordIsGone() {
        put("k", "v");
        StepVerifier.create(store.delete("k")).expectComplete().verify(STEP);
        StepVerifier.create(store.read("k")).expectComplete().verify(STEP);
        StepVerifier.create(store.list(ListOptions.all())).expectComplete().verify(STEP);
    }

    @Test
    void deletingAnAbsentKeyCompletes() {
        StepVerifier.create(store.delete("never-written")).expectComplete().verify(STEP);
    }

    @Test
    void recordExpiresAfterItsTtl() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Store timed = newStore(clock);
        if (timed != null) {
            try {
                timed.write(Record.of("k", utf8("v")), WriteOptions.ttl(Duration.ofMinutes(1)))
                        .block(STEP);
                timed.write(Record.of("forever", utf8("v"))).block(STEP);
                clock.advanceTimeBy(Duration.ofSeconds(59));
                StepVerifier.create(timed.read("k"))
                        .assertNext(r -> assertThat(r.expiry()).isEqualTo(Duration.ofSeconds(1)))
                        .expectComplete()
                        .verify(STEP);
                clock.advanceTimeBy(Duration.ofSeconds(1));
                StepVerifier.create(timed.read("k")).expectComplete().verify(STEP);
                StepVerifier.create(timed.list(ListOptions.all()))
                        .expectNext("forever")
                        .expectComplete()
                        .verify(STEP);
            } finally {
                timed.close().block(STEP);
            }
            return;
        }
        store.write(Record.of("k", utf8("v")).withExpiry(Duration.ofMillis(1500)))
                .block(STEP);
        put("forever", "v");
        StepVerifier.create(store.read("k"))
                .assertNext(r -> assertThat(r.expiry()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1500)))
                .expectComplete()
                .verify(STEP);
        sleep(Duration.ofMillis(2100));
        StepVerifier.create(store.read("k")).expectComplete().verify(STEP);
        StepVerifier.create(store.read("", ReadOptions.prefixMatch()).map(Record::key))
                .expectNext("forever")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.all()))
                .expectNext("forever")
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void listFiltersByPrefixAndSuffixInKeyOrder() {
        for (String k : List.of("b/2.json", "a/1.txt", "b/1.txt", "a/2.json", "b/3.txt", "c/1.txt")) {
            put(k, k);
        }
        StepVerifier.create(store.list(ListOptions.all()))
                .expectNext("a/1.txt", "a/2.json", "b/1.txt", "b/2.json", "b/3.txt", "c/1.txt")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.prefix("b/")))
                .expectNext("b/1.txt", "b/2.json", "b/3.txt")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.all().withSuffix(".txt")))
                .expectNext("a/1.txt", "b/1.txt", "b/3.txt", "c/1.txt")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.prefix("b/").withSuffix(".txt")))
                .expectNext("b/1.txt", "b/3.txt")
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void listHonoursLimitAndOffset() {
        for (int i = 9; i >= 0; i--) {
            put("key" + i, "v" + i);
        }
        StepVerifier.create(store.list(ListOptions.prefix("key").withOffset(2).withLimit(3)))
                .expectNext("key2", "key3", "key4")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.prefix("key").withOffset(8).withLimit(5)))
                .expectNext("key8", "key9")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.prefix("key").withOffset(20)))
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void readByPrefixOrSuffixReturnsRecordsInKeyOrderWithLimitAndOffset() {
        for (String k : List.of("user:3", "user:1", "order:1", "user:2", "user:4")) {
            put(k, "value of " + k);
        }
        StepVerifier.create(store.read(
                        "user:", ReadOptions.prefixMatch().withOffset(1).withLimit(2)))
                .assertNext(r -> assertThat(r.value()).isEqualTo(utf8("value of user:2")))
                .assertNext(r -> assertThat(r.key()).isEqualTo("user:3"))
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read(":1", ReadOptions.suffixMatch()).map(Record::key))
                .expectNext("order:1", "user:1")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read("user:4", ReadOptions.defaults()).map(Record::key))
                .expectNext("user:4")
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void listingEmitsOnlyWhatWasRequested() {
        for (int i = 0; i < 5; i++) {
            put("k" + i, "v");
        }
        StepVerifier.create(store.list(ListOptions.all()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .expectNext("k0", "k1")
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(10)
                .expectNext("k2", "k3", "k4")
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void scopesAreIsolatedFromEachOther() {
        String table = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Store a = root.scope("kit_a", table);
        Store b = root.scope("kit_b", table);
        Store c = root.scope("kit_a", table + "x");
        a.write(Record.of("shared", utf8("a"))).block(STEP);
        b.write(Record.of("shared", utf8("b"))).block(STEP);

        StepVerifier.create(a.read("shared").map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .expectNext("a")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(b.read("shared").map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .expectNext("b")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(c.read("shared")).expectComplete().verify(STEP);
        StepVerifier.create(c.list(ListOptions.all())).expectComplete().verify(STEP);
        b.delete("shared").block(STEP);
        StepVerifier.create(a.list(ListOptions.all()))
                .expectNext("shared")
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read("shared")).expectComplete().verify(STEP);
    }

    @Test
    void binaryValuesRoundTripUnchanged() {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        store.write(Record.of("bin", all)).block(STEP);
        store.write(Record.of("empty", new byte[0])).block(STEP);

        StepVerifier.create(store.read("bin"))
                .assertNext(r -> assertThat(r.value()).isEqualTo(all))
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read("empty"))
                .assertNext(r -> assertThat(r.value()).isEmpty())
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void oneMebibyteValueRoundTrips() {
        byte[] big = new byte[1024 * 1024];
        ThreadLocalRandom.current().nextBytes(big);
        StepVerifier.create(store.write(Record.of("big", big))).expectComplete().verify(STEP);

        StepVerifier.create(store.read("big"))
                .assertNext(r -> assertThat(r.value()).isEqualTo(big))
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void unicodeKeysAreKept() {
        put("clé/日本/😀", "v");
        StepVerifier.create(store.list(ListOptions.prefix("clé/")))
                .expectNext("clé/日本/😀")
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void emptyKeyIsRejectedWithBadRequest() {
        StepVerifier.create(store.write(Record.of("", utf8("v"))))
                .expectErrorSatisfies(e -> assertBadRequest(e, "empty key"))
                .verify(STEP);
        StepVerifier.create(store.read(""))
                .expectErrorSatisfies(e -> assertBadRequest(e, "empty key"))
                .verify(STEP);
        StepVerifier.create(store.delete(""))
                .expectErrorSatisfies(e -> assertBadRequest(e, "empty key"))
                .verify(STEP);
    }

    @Test
    void malformedKeysAreRejectedWithBadRequest() {
        StepVerifier.create(store.write(Record.of("bad\u0000key", utf8("v"))))
                .expectErrorSatisfies(e -> assertBadRequest(e, "control character U+0000"))
                .verify(STEP);
        StepVerifier.create(store.write(Record.of("line\nbreak", utf8("v"))))
                .expectErrorSatisfies(e -> assertBadRequest(e, "control character U+000A"))
                .verify(STEP);
        StepVerifier.create(store.read("x".repeat(Store.MAX_KEY_LENGTH + 1)))
                .expectErrorSatisfies(e -> assertBadRequest(e, "at most " + Store.MAX_KEY_LENGTH))
                .verify(STEP);
        StepVerifier.create(store.write(Record.of("half\uD800", utf8("v"))))
                .expectErrorSatisfies(e -> assertBadRequest(e, "unpaired surrogate"))
                .verify(STEP);
        StepVerifier.create(store.list(ListOptions.all())).expectComplete().verify(STEP);
    }

    @Test
    void nullArgumentsThrowAtTheCall() {
        assertThatThrownBy(() -> store.read((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.write((Record) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.list(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> root.scope("bad-name", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typedHelpersRoundTripThroughJson() {
        record Account(String owner, long balance) {}
        StepVerifier.create(store.write("acct", new Account("bob", 42)))
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read("acct", Account.class))
                .expectNext(new Account("bob", 42))
                .expectComplete()
                .verify(STEP);
        StepVerifier.create(store.read("acct").map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .assertNext(json -> assertThat(json).contains("\"owner\":\"bob\""))
                .expectComplete()
                .verify(STEP);
        put("junk", "{not json");
        StepVerifier.create(store.read("junk", Account.class))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 500)).isTrue())
                .verify(STEP);
    }

    @Test
    void tenThousandConcurrentWritesAreAllStored() {
        int n = 10_000;
        long start = System.nanoTime();
        StepVerifier.create(Flux.range(0, n)
                        .flatMap(i -> store.write(Record.of(String.format("c%05d", i), utf8("v" + i))), 256))
                .expectComplete()
                .verify(STEP.multipliedBy(4));
        long writeMillis = (System.nanoTime() - start) / 1_000_000;

        List<String> keys = new ArrayList<>();
        StepVerifier.create(store.list(ListOptions.prefix("c")))
                .recordWith(() -> keys)
                .expectNextCount(n)
                .expectComplete()
                .verify(STEP);
        Set<String> distinct = new HashSet<>(keys);
        assertThat(distinct).hasSize(n);
        assertThat(keys).isSorted();
        StepVerifier.create(store.read("c09999"))
                .assertNext(r -> assertThat(r.value()).isEqualTo(utf8("v9999")))
                .expectComplete()
                .verify(STEP);
        org.slf4j.LoggerFactory.getLogger(getClass())
                .info("{}: {} concurrent writes in {} ms", root.describe(), n, writeMillis);
    }

    private static void assertBadRequest(Throwable e, String detail) {
        assertThat(e).isInstanceOf(MicroException.class);
        MicroException m = (MicroException) e;
        assertThat(m.code()).isEqualTo(400);
        assertThat(m.detail()).contains(detail);
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
