package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

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
