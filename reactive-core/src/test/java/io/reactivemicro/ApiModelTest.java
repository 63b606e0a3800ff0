package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ApiModelTest {

    interface Good {
        @Idempotent
        Mono<String> unary(String in);

        Mono<Void> empty(String in);

        Flux<String> stream(String in);

        Flux<String> channel(Flux<String> in);

        default String local() {
            return "local";
        }
    }

    interface Overloaded {
        Mono<String> a(String in);

        Mono<String> a(Integer in);
    }

    interface TwoArguments {
        Mono<String> a(String in, String other);
    }

    interface WrongReturn {
        String a(String in);
    }

    interface MonoFromFlux {
        Mono<String> a(Flux<String> in);
    }

    interface FluxOfVoid {
        Flux<Void> a(String in);
    }

    @Test
    void methodShapePicksTheInteraction() {
        ApiModel model = ApiModel.of(Good.class);
        assertThat(model.name()).isEqualTo("Good");
        List<ApiModel.EndpointMethod> endpoints = model.endpoints();
        assertThat(endpoints)
                .extracting(ApiModel.EndpointMethod::name, ApiModel.EndpointMethod::interaction)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Good.unary", Interaction.REQUEST_RESPONSE),
                        org.assertj.core.groups.Tuple.tuple("Good.empty", Interaction.REQUEST_RESPONSE),
                        org.assertj.core.groups.Tuple.tuple("Good.stream", Interaction.REQUEST_STREAM),
                        org.assertj.core.groups.Tuple.tuple("Good.channel", Interaction.REQUEST_CHANNEL));
        assertThat(endpoints)
                .filteredOn(ApiModel.EndpointMethod::idempotent)
                .extracting(ApiModel.EndpointMethod::name)
                .containsExactly("Good.unary");
    }

    @Test
    void modelIsBuiltOncePerInterface() {
        assertThat(ApiModel.of(Good.class)).isSameAs(ApiModel.of(Good.class));
    }

    @Test
    void overloadsAreRejected() {
        assertThatThrownBy(() -> ApiModel.of(Overloaded.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Overloaded.a is overloaded");
    }

    @Test
    void twoArgumentsAreRejected() {
        assertThatThrownBy(() -> ApiModel.of(TwoArguments.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TwoArguments.a must take exactly one argument");
    }

    @Test
    void nonReactiveReturnIsRejected() {
        assertThatThrownBy(() -> ApiModel.of(WrongReturn.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WrongReturn.a must return Mono<R> or Flux<R>");
    }

    @Test
    void fluxArgumentNeedsFluxReply() {
        assertThatThrownBy(() -> ApiModel.of(MonoFromFlux.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must return a Flux");
    }

    @Test
    void fluxOfVoidIsRejected() {
        assertThatThrownBy(() -> ApiModel.of(FluxOfVoid.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flux<Void>");
    }

    @Test
    void classesAreNotApis() {
        assertThatThrownBy(() -> ApiModel.of(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an interface");
    }
}
