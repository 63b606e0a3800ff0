package io.reactivemicro.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JSON codec builds records and creator classes through a handle spread once, with Jackson's semantics. */
class SpreadCreatorsTest {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.SHOW_REFLECT_FRAMES);

    /** Remembers how its constructor was called. */
    public record Traced(long id, String kind, boolean flag, List<String> tags) {
        static volatile String calledThrough = "";

        public Traced {
            calledThrough = WALKER.walk(frames -> frames.limit(12)
                    .map(f -> f.getClassName() + "." + f.getMethodName())
                    .collect(Collectors.joining(" < ")));
        }
    }

    record Checked(int count) {
        Checked {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    static final class Creator {
        final String name;
        final int size;

        @JsonCreator
        Creator(@JsonProperty("name") String name, @JsonProperty("size") int size) {
            this.name = name;
            this.size = size;
        }
    }

    private static Object decode(Class<?> type, String json) {
        return Codec.json().decoder(type).decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordIsBuiltThroughTheSpreadHandleNotInvokeWithArguments() {
        Object value = decode(Traced.class, "{\"id\":7,\"kind\":\"k\",\"flag\":true,\"tags\":[\"a\"]}");
        assertThat(value).isEqualTo(new Traced(7, "k", true, List.of("a")));
        Traced.calledThrough = "";
        decode(Traced.class, "{\"id\":8,\"kind\":\"k\",\"flag\":false,\"tags\":[]}");
        assertThat(Traced.calledThrough)
                .contains(SpreadCreators.class.getName() + "$Spread.createFromObjectWith")
                .doesNotContain("invokeWithArguments");
    }

    @Test
    void missingPrimitivesTakeTheirDefaultAndMissingObjectsNull() {
        assertThat(decode(Traced.class, "{\"kind\":\"only\"}")).isEqualTo(new Traced(0, "only", false, null));
    }

    @Test
    void aConstructorThatThrowsFailsTheDecodeNamingItsMessage() {
        assertThatThrownBy(() -> decode(Checked.class, "{\"count\":-1}"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("count must not be negative");
        assertThat(decode(Checked.class, "{\"count\":2}")).isEqualTo(new Checked(2));
    }

    @Test
    void aPackagePrivateCreatorConstructorStillWorks() {
        Creator c = (Creator) decode(Creator.class, "{\"size\":3,\"name\":\"n\"}");
        assertThat(c.name).isEqualTo("n");
        assertThat(c.size).isEqualTo(3);
    }
}
