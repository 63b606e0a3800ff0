package io.reactivemicro.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void aStreamEncoderWritesEachValueAsTheSingleEncoderDoes() {
        Codec.Encoder single = Codec.json().encoder(Greeting.class);
        List<Greeting> values = List.of(
                new Greeting("hi", List.of(1, 2)), new Greeting("x".repeat(70_000), List.of()), new Greeting("", null));
        try (Codec.StreamEncoder stream = single.forStream()) {
            for (Greeting value : values) {
                assertThat(stream.encode(value)).isEqualTo(single.encode(value));
            }
        }
    }

    record Failing(String text) {
        @Override
        public String text() {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return text;
        }
    }

    @Test
    void aStreamEncoderStartsAgainAfterAValueThatFails() {
        Codec.StreamEncoder stream = Codec.json().encoder(Failing.class).forStream();
        assertThat(utf8(stream.encode(new Failing("a")))).isEqualTo("{\"text\":\"a\"}");
        assertThatThrownBy(() -> stream.encode(new Failing("boom")))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("cannot write JSON:");
        assertThat(utf8(stream.encode(new Failing("b")))).isEqualTo("{\"text\":\"b\"}");
        stream.close();
        assertThat(utf8(stream.encode(new Failing("c")))).isEqualTo("{\"text\":\"c\"}");
    }

    @Test
    void aStreamDecoderReadsEachMessageAsOneValue() {
        Codec.StreamDecoder stream = Codec.json().decoder(Greeting.class).forStream();
        for (int i = 0; i < JsonValueReader.MAX_MESSAGES_PER_PARSER + 3; i++) {
            String text = "m" + i;
            assertThat(stream.decode(json("  {\"text\":\"" + text + "\",\"numbers\":[" + i + "],\"n" + i + "\":1}\n")))
                    .isEqualTo(new Greeting(text, List.of(i)));
        }
        stream.close();
        assertThat(stream.decode(json("{\"text\":\"after\"}"))).isEqualTo(new Greeting("after", null));
    }

    @Test
    void aStreamDecoderRefusesWhatTheSingleDecoderRefusesAndGoesOn() {
        Codec.StreamDecoder stream = Codec.json().decoder(Greeting.class).forStream();
        for (String bad : List.of(
                "{\"text\":\"cut",
                "{\"text\":\"a\"",
                "{\"text\":\"a\"}{\"text\":\"b\"}",
                "{\"text\":\"a\"} tr",
                "{\"text\":\"a\"} x",
                "[1]",
                "{\"text\":\"a\",}")) {
            assertThatThrownBy(() -> Codec.json().decoder(Greeting.class).decode(json(bad)))
                    .as("single: %s", bad)
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> stream.decode(json(bad)))
                    .as("stream: %s", bad)
                    .isInstanceOf(CodecException.class)
                    .hasMessageStartingWith("malformed JSON:");
            assertThat(stream.decode(json("{\"text\":\"ok\"}"))).isEqualTo(new Greeting("ok", null));
            assertThat(Codec.json().decoder(Greeting.class).decode(json("{\"text\":\"ok\"}")))
                    .isEqualTo(new Greeting("ok", null));
        }
        assertThatThrownBy(() -> stream.decode(json("null")))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("got null");
    }

    @Test
    void aStreamDecoderReadsValuesWithoutAnEndMarkAlone() {
        Codec.StreamDecoder numbers = Codec.json().decoder(Long.class).forStream();
        assertThat(numbers.decode(json("12"))).isEqualTo(12L);
        assertThat(numbers.decode(json("3"))).isEqualTo(3L);
        assertThatThrownBy(() -> numbers.decode(json("3 4"))).isInstanceOf(CodecException.class);
        Codec.StreamDecoder strings = Codec.json().decoder(String.class).forStream();
        assertThat(strings.decode(json("\"a\""))).isEqualTo("a");
        assertThat(strings.decode(json("\"b\""))).isEqualTo("b");
        assertThatThrownBy(() -> strings.decode(json("\"a\"\"b\""))).isInstanceOf(CodecException.class);
    }

    /** A value whose serialization codes another value on the same thread, as a custom serializer might. */
    record Nesting(String text) {
        @JsonProperty("inner")
        String inner() {
            byte[] inner = Codec.json().encoder(Greeting.class).encode(new Greeting(text, List.of(7)));
            Object back = Codec.json().decoder(Greeting.class).decode(inner);
            return new String(inner, StandardCharsets.UTF_8) + "=" + back.equals(new Greeting(text, List.of(7)));
        }
    }

    @Test
    void aCallNestedInAnotherOnTheSameThreadCodesAlone() {
        Codec.Encoder encoder = Codec.json().encoder(Nesting.class);
        for (String text : List.of("a", "b")) {
            assertThat(utf8(encoder.encode(new Nesting(text))))
                    .isEqualTo("{\"text\":\"" + text + "\",\"inner\":\"{\\\"text\\\":\\\"" + text
                            + "\\\",\\\"numbers\\\":[7]}=true\"}");
        }
    }

    @Test
    void threadsCodeAtOnceWithoutSharing() throws Exception {
        Codec.Encoder encoder = Codec.json().encoder(Greeting.class);
        Codec.Decoder decoder = Codec.json().decoder(Greeting.class);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + "-";
            tasks.add(() -> {
                for (int i = 0; i < 20_000; i++) {
                    Greeting value = new Greeting(prefix + i, List.of(i));
                    if (!decoder.decode(encoder.encode(value)).equals(value)) {
                        return false;
                    }
                }
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Boolean> done : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                assertThat(done.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
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
