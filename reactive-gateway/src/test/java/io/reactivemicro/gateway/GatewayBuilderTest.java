package io.reactivemicro.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.Micro;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The builder checks its arguments at once; the address key; the lifecycle's rules. */
class GatewayBuilderTest {

    final Service service =
            Micro.service("builder-test").registry(Registry.memory()).build();

    @AfterEach
    void clearProperty() {
        System.clearProperty("micro.api.address");
    }

    @Test
    void badArgumentsFailAtTheCall() {
        Gateway.Builder b = Gateway.builder(service);
        assertThatThrownBy(() -> b.address("nocolon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.address("127.0.0.1:70000")).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> b.maxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> b.forwardHeaders(List.of(" "))).hasMessageContaining("blank");
        assertThatThrownBy(() -> b.corsOrigins(Arrays.asList((String) null))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theAddressKeyIsReadWhenTheBuilderSetsNone() {
        System.setProperty("micro.api.address", "127.0.0.1:0");
        Gateway gateway = Gateway.builder(service).build();
        assertThatThrownBy(gateway::address).isInstanceOf(IllegalStateException.class);
        gateway.start().block(Running.WAIT);
        try {
            assertThat(gateway.address().getPort()).isPositive();
            StepVerifier.create(gateway.start())
                    .expectError(IllegalStateException.class)
                    .verify();
        } finally {
            gateway.stop().block(Running.WAIT);
        }
        StepVerifier.create(gateway.stop()).verifyComplete();
    }

    @Test
    void anAddressInUseFailsWith503() {
        Gateway first = Gateway.builder(service).address("127.0.0.1:0").build();
        first.start().block(Running.WAIT);
        try {
            Gateway second = Gateway.builder(service)
                    .address("127.0.0.1:" + first.address().getPort())
                    .build();
            StepVerifier.create(second.start())
                    .expectErrorMatches(e -> MicroException.hasCode(e, 503))
                    .verify(Running.WAIT);
        } finally {
            first.stop().block(Running.WAIT);
        }
    }
}
