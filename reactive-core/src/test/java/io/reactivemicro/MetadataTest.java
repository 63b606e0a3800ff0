package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class MetadataTest {

    @Test
    void namesAreCaseInsensitive() {
        Metadata m = Metadata.of(Map.of("X-User", "bob"));
        assertThat(m.get("x-user")).isEqualTo("bob");
        assertThat(m.with("X-USER", "alice").get("x-User")).isEqualTo("alice");
    }

    @Test
    void isImmutable() {
        Metadata m = Metadata.empty().with("a", "1");
        Metadata n = m.with("b", "2").without("a");
        assertThat(m.asMap()).containsOnlyKeys("a");
        assertThat(n.asMap()).containsOnlyKeys("b");
    }

    @Test
    void aBuilderKeepsTheLastValueOfANameInAnyCaseAndIsSpentOnceBuilt() {
        Metadata.Builder builder =
                Metadata.builder().put("X-User", "bob").put("x-user", "alice").put("b", "2");
        Metadata built = builder.build();
        assertThat(built.asMap()).containsOnlyKeys("b", "X-User");
        assertThat(built.get("X-USER")).isEqualTo("alice");
        assertThatThrownBy(() -> builder.put("c", "3")).isInstanceOf(IllegalStateException.class);
        assertThat(built.asMap()).hasSize(2);
        assertThat(Metadata.builder().build()).isSameAs(Metadata.empty());
    }

    @Test
    void headersPutInAnyOrderComeOutSortedByNameIgnoringCase() {
        Metadata built = Metadata.builder()
                .put("c", "3")
                .put("A", "1")
                .put("b", "2")
                .put("a", "one")
                .put("C", "three")
                .build();
        StringBuilder seen = new StringBuilder();
        built.forEach(
                (name, value) -> seen.append(name).append('=').append(value).append(' '));
        assertThat(seen).hasToString("A=one b=2 c=three ");
        assertThat(built.size()).isEqualTo(3);
        assertThat(built.asMap()).containsExactly(Map.entry("A", "one"), Map.entry("b", "2"), Map.entry("c", "three"));
        assertThat(built.asMap().get("B")).isEqualTo("2");
    }

    @Test
    void builtHeadersWithRoomToSpareActLikeAnyOther() {
        Metadata built = Metadata.builder().put("a", "1").put("b", "2").build();
        assertThat(built.size()).isEqualTo(2);
        assertThat(built).isEqualTo(Metadata.of(Map.of("a", "1", "b", "2")));
        assertThat(built.with("c", "3").asMap())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(built.with("b", "two").without("a").asMap()).containsExactly(Map.entry("b", "two"));
        assertThat(built.get("c")).isNull();
        assertThat(built.with(Metadata.of(Map.of("z", "26"))).size()).isEqualTo(3);
    }

    @Test
    void withInsertsInOrderAndKeepsTheFirstSpellingOfAName() {
        Metadata m =
                Metadata.empty().with("m", "1").with("z", "2").with("A", "3").with("M", "4");
        assertThat(m.asMap()).containsExactly(Map.entry("A", "3"), Map.entry("m", "4"), Map.entry("z", "2"));
        assertThat(m.with("z", "2")).isSameAs(m);
        assertThat(m.without("a").without("Z").asMap()).containsExactly(Map.entry("m", "4"));
        assertThat(m.without("a").without("m").without("z")).isSameAs(Metadata.empty());
        assertThat(m.without("missing")).isSameAs(m);
    }

    @Test
    void mergingLetsTheOtherWinOnAClash() {
        Metadata a = Metadata.of(Map.of("a", "1", "Shared", "mine", "c", "3"));
        Metadata b = Metadata.of(Map.of("b", "2", "shared", "theirs", "d", "4"));
        assertThat(a.with(b).asMap())
                .containsExactly(
                        Map.entry("a", "1"),
                        Map.entry("b", "2"),
                        Map.entry("c", "3"),
                        Map.entry("d", "4"),
                        Map.entry("Shared", "theirs"));
        assertThat(a.with(Metadata.empty())).isSameAs(a);
        assertThat(Metadata.empty().with(b)).isSameAs(b);
    }

    @Test
    void equalityIgnoresTheCaseOfNamesButNotOfValues() {
        Metadata a = Metadata.of(Map.of("X-User", "bob", "b", "2"));
        Metadata b = Metadata.of(Map.of("x-user", "bob", "B", "2"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Metadata.of(Map.of("X-User", "Bob", "b", "2")));
        assertThat(a).isNotEqualTo(a.without("b"));
    }

    @Test
    void travelsInTheReactorContext() {
        Metadata m = Metadata.of(Map.of("X-User", "bob"));
        StepVerifier.create(Mono.deferContextual(
                                ctx -> Mono.justOrEmpty(Metadata.from(ctx).get("X-User")))
                        .contextWrite(m::into))
                .expectNext("bob")
                .verifyComplete();
        assertThat(Metadata.from(Context.empty()).isEmpty()).isTrue();
    }

    @Test
    void credentialsAreLeftOutOfToString() {
        Metadata m = Metadata.empty().with("X-User", "bob").withBearerToken("s3cret");
        assertThat(m.bearerToken()).isEqualTo("s3cret");
        assertThat(m.toString())
                .contains("X-User=bob", "Authorization=<redacted>")
                .doesNotContain("s3cret");
        assertThat(CallOptions.builder().bearerToken("s3cret").build().toString())
                .doesNotContain("s3cret");
    }
}
