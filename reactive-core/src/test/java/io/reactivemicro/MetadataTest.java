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
