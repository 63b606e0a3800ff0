package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class MicroExceptionTest {

    @Test
    void factoriesSetCodeStatusAndFormattedDetail() {
        MicroException e = MicroException.notFound("greeter", "unknown endpoint %s", "Greeter.nope");
        assertThat(e.id()).isEqualTo("greeter");
        assertThat(e.code()).isEqualTo(404);
        assertThat(e.status()).isEqualTo("Not Found");
        assertThat(e.detail()).isEqualTo("unknown endpoint Greeter.nope");
        assertThat(e)
                .hasToString("MicroException{id=greeter, code=404, status=Not Found, detail=unknown endpoint"
                        + " Greeter.nope}");
    }

    @Test
    void everyFactoryHasItsCode() {
        assertThat(MicroException.badRequest("s", "x").code()).isEqualTo(400);
        assertThat(MicroException.unauthorized("s", "x").code()).isEqualTo(401);
        assertThat(MicroException.forbidden("s", "x").code()).isEqualTo(403);
        assertThat(MicroException.timeout("s", "x").code()).isEqualTo(408);
        assertThat(MicroException.conflict("s", "x").code()).isEqualTo(409);
        assertThat(MicroException.payloadTooLarge("s", "x").code()).isEqualTo(413);
        assertThat(MicroException.tooManyRequests("s", "x").code()).isEqualTo(429);
        assertThat(MicroException.internal("s", "x").code()).isEqualTo(500);
        assertThat(MicroException.unavailable("s", "x").status()).isEqualTo("Service Unavailable");
    }

    @Test
    void detailWithoutArgumentsIsNotFormatted() {
        assertThat(MicroException.badRequest("s", "100% wrong").detail()).isEqualTo("100% wrong");
    }

    @Test
    void fromKeepsMicroExceptionsAndWrapsOthers() {
        MicroException original = MicroException.conflict("s", "taken");
        assertThat(MicroException.from(original)).isSameAs(original);
        MicroException wrapped = MicroException.from(new IllegalStateException("broken"));
        assertThat(wrapped.code()).isEqualTo(500);
        assertThat(wrapped.detail()).isEqualTo("broken");
        assertThat(wrapped).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(MicroException.from(new TimeoutException()).code()).isEqualTo(408);
    }

    @Test
    void hasCodeNeedsNoInstanceofAtTheCaller() {
        assertThat(MicroException.hasCode(MicroException.unavailable("s", "down"), 503))
                .isTrue();
        assertThat(MicroException.hasCode(new RuntimeException(), 503)).isFalse();
        assertThat(MicroException.hasCode(null, 503)).isFalse();
    }
}
