package io.reactivemicro.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

    record Greeting(String text, List<Integer> numbers) {}

    @Test
    void jsonRoundTripsRecords() {
        Codec json = Codec.json();
        byte[] bytes = json.encoder(Greeting.class).encode(new Greeting("hi", List.of(1, 2)));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hi\",\"numbers\":[1,2]}");
        assertThat(json.decoder(Greeting.class).decode(bytes)).isEqualTo(new Greeting("hi", List.of(1, 2)));
    }

    @Test
    void jsonIgnoresUnknownProperties() {
        Object value = Codec.json()
                .decoder(Greeting.class)
                .decode("{\"text\":\"hi\",\"extra\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(value).isEqualTo(new Greeting("hi", null));
    }

    @Test
    void malformedJsonNamesTheParseError() {
        assertThatThrownBy(() ->
                        Codec.json().decoder(Greeting.class).decode("{\"text\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("malformed JSON:");
        assertThatThrownBy(() -> Codec.json().decoder(Greeting.class).decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("got null");
    }

    @Test
    void bytesPassThroughUnchanged() {
        byte[] raw = {0, 1, 2, (byte) 255};
        Codec bytes = Codec.bytes();
        assertThat(bytes.encoder(byte[].class).encode(raw)).isSameAs(raw);
        assertThat(bytes.encoder(ByteBuffer.class).encode(ByteBuffer.wrap(raw))).containsExactly(raw);
        assertThat((ByteBuffer) bytes.decoder(ByteBuffer.class).decode(raw)).isEqualTo(ByteBuffer.wrap(raw));
        assertThat(bytes.supports(String.class)).isFalse();
        assertThat(Codec.json().supports(byte[].class)).isFalse();
    }
}
