package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.reactivemicro.Metadata;
import io.reactivemicro.transport.Request;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request metadata as the client encodes it, read back as the server decodes it. */
class WireMetadataTest {

    private static Request roundTrip(Request sent) {
        ByteBuf encoded = WireMetadata.encode(WireMetadata.METADATA, sent);
        try {
            assertThat(encoded.capacity()).as("allocated at its size").isEqualTo(encoded.readableBytes());
            return WireMetadata.decode("svc", encoded, sent.data());
        } finally {
            encoded.release();
        }
    }

    @Test
    void everyPartSurvivesTheWire() {
        Metadata headers = Metadata.of(Map.of(
                "Micro-From-Service", "caller", "X-Quote", "a \"b\" \\ c", "X-Unicode", "grüße ✓", "X-Empty", ""));
        Request got =
                roundTrip(new Request("Greeter.hello", "greeter", headers, "application/cbor", "t0k-✓", new byte[0]));
        assertThat(got.endpoint()).isEqualTo("Greeter.hello");
        assertThat(got.service()).isEqualTo("greeter");
        assertThat(got.contentType()).isEqualTo("application/cbor");
        assertThat(got.token()).isEqualTo("t0k-✓");
        assertThat(got.headers()).isEqualTo(headers);
    }

    @Test
    void cachedRoutesKeepEndpointsAndServicesApart() {
        for (int round = 0; round < 2; round++) {
            assertThat(roundTrip(request("A.x", null)).service()).isNull();
            assertThat(roundTrip(request("A.x", "one")).service()).isEqualTo("one");
            Request two = roundTrip(request("A.x", "two"));
            assertThat(two.service()).isEqualTo("two");
            assertThat(two.endpoint()).isEqualTo("A.x");
            assertThat(roundTrip(request("B.y", "two")).endpoint()).isEqualTo("B.y");
        }
        assertThat(WireMetadata.routing("A.x", "one")).isSameAs(WireMetadata.routing("A.x", "one"));
    }

    @Test
    void cachedContentTypesKeepTypesApart() {
        for (int round = 0; round < 2; round++) {
            for (String type : List.of("application/json", "application/cbor", "application/x-protobuf")) {
                Request sent = new Request("A.x", null, Metadata.empty(), type, null, new byte[0]);
                assertThat(roundTrip(sent).contentType()).isEqualTo(type);
            }
        }
        assertThat(WireMetadata.contentTypeEntry("application/json"))
                .isSameAs(WireMetadata.contentTypeEntry("application/json"));
    }

    @Test
    void headersLongerThanSixteenBitsKeepTheirLength() {
        Metadata headers = Metadata.empty().with("X-Big", "v".repeat(70_000)).with("X-After", "end");
        Request sent = new Request("A.x", "svc", headers, "application/cbor", "t0k", new byte[0]);
        Request got = roundTrip(sent);
        assertThat(got.headers()).isEqualTo(headers);
        assertThat(got.token()).isEqualTo("t0k");
        assertThat(got.contentType()).isEqualTo("application/cbor");
    }

    @Test
    void lengthsAroundOneVarintByteKeepEveryChar() {
        Metadata headers = Metadata.empty()
                .with("X-42", "✓".repeat(42))
                .with("X-43", "✓".repeat(43))
                .with("X-127", "a".repeat(127))
                .with("X-128", "a".repeat(128))
                .with("X-Emoji", "😀".repeat(21) + "é".repeat(30))
                .with("✓".repeat(50), "name over one byte");
        assertThat(roundTrip(new Request("A.x", null, headers, null, null, new byte[0]))
                        .headers())
                .isEqualTo(headers);
    }

    @Test
    void jsonAndBinaryHeadersAreBothReadAndTheLaterEntryWins() {
        Metadata binary = Metadata.empty().with("X-A", "binary").with("X-B", "binary");
        CompositeByteBuf metadata = WireMetadata.METADATA.compositeBuffer();
        try {
            metadata.addComponent(
                    true,
                    WireMetadata.encode(
                            WireMetadata.METADATA, new Request("A.x", null, binary, null, null, new byte[0])));
            CompositeMetadataCodec.encodeAndAddMetadata(
                    metadata,
                    WireMetadata.METADATA,
                    WireMetadata.HEADERS_JSON,
                    Unpooled.copiedBuffer("{\"X-B\":\"json\",\"X-C\":\"json\"}", StandardCharsets.UTF_8));
            assertThat(WireMetadata.decode("svc", metadata, new byte[0])
                            .headers()
                            .asMap())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("X-A", "binary", "X-B", "json", "X-C", "json"));
        } finally {
            metadata.release();
        }
    }

    /** The names every call carries come back as the constants; names close to them come back as they were. */
    @Test
    void knownHeaderNamesAndNamesCloseToThemKeepTheirSpelling() {
        Metadata sent = Metadata.empty()
                .with(Metadata.FROM_SERVICE, "caller")
                .with(Metadata.TRACEPARENT, "00-trace")
                .with("Micro-Deadlines", "longer")
                .with("Micro-Deadlinf", "same length");
        Request got = roundTrip(new Request("A.x", null, sent, null, null, new byte[0]));
        assertThat(got.headers().asMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Micro-From-Service", "caller",
                        "traceparent", "00-trace",
                        "Micro-Deadlines", "longer",
                        "Micro-Deadlinf", "same length"));
        assertThat(got.headers().asMap().keySet()).contains(Metadata.FROM_SERVICE);
        assertThat(got.headers().asMap().keySet().stream().filter(Metadata.FROM_SERVICE::equals))
                .allSatisfy(name -> assertThat(name).isSameAs(Metadata.FROM_SERVICE));
    }

    /** An outside client may write a well-known type in full, and send entries this server does not read. */
    @Test
    void wellKnownTypesWrittenInFullAreReadAndUnknownEntriesSkipped() {
        CompositeByteBuf metadata = WireMetadata.METADATA.compositeBuffer();
        try {
            CompositeMetadataCodec.encodeAndAddMetadata(
                    metadata,
                    WireMetadata.METADATA,
                    "application/x.not-ours",
                    Unpooled.copiedBuffer("ignored", StandardCharsets.UTF_8));
            CompositeMetadataCodec.encodeAndAddMetadata(
                    metadata,
                    WireMetadata.METADATA,
                    "message/x.rsocket.routing.v0",
                    TaggingMetadataCodec.createRoutingMetadata(WireMetadata.METADATA, List.of("A.x", "svc"))
                            .getContent());
            CompositeMetadataCodec.encodeAndAddMetadata(
                    metadata,
                    WireMetadata.METADATA,
                    WireMetadata.HEADERS_JSON,
                    Unpooled.copiedBuffer("{\"X-A\":\"1\"}", StandardCharsets.UTF_8));
            Request got = WireMetadata.decode("svc", metadata, new byte[0]);
            assertThat(got.endpoint()).isEqualTo("A.x");
            assertThat(got.service()).isEqualTo("svc");
            assertThat(got.headers().asMap()).containsExactlyEntriesOf(Map.of("X-A", "1"));
        } finally {
            metadata.release();
        }
    }

    @Test
    void noHeadersMeansNoHeadersEntry() {
        Request got = roundTrip(request("A.x", null));
        assertThat(got.headers().isEmpty()).isTrue();
        assertThat(got.contentType()).isNull();
        assertThat(got.token()).isNull();
    }

    private static Request request(String endpoint, String service) {
        return new Request(endpoint, service, Metadata.empty(), null, null, new byte[0]);
    }
}
