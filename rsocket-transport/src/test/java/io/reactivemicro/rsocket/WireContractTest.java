package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What an outside client sees: frames built with RSocket-Java's low-level API only (no Reactive Micro client),
 * exactly as DESIGN.md's wire section describes them.
 */
class WireContractTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    static TestApi.Handler handler;
    static Service server;
    static RSocket rsocket;

    @BeforeAll
    static void start() {
        handler = new TestApi.Handler();
        server = Micro.service("svc")
                .registry(Registry.memory())
                .handler(TestApi.class, handler)
                .build();
        server.start().block(WAIT);
        InetSocketAddress at = Addresses.hostPort(server.server().address().orElseThrow());
        rsocket = RSocketConnector.create()
                .metadataMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString())
                .dataMimeType(WellKnownMimeType.APPLICATION_JSON.getString())
                .connect(TcpClientTransport.create(at.getHostString(), at.getPort()))
                .block(WAIT);
    }

    @AfterAll
    static void stop() {
        rsocket.dispose();
        server.stop().block(WAIT);
    }

    static final String HEADERS_JSON = "application/x.micro.headers+json";
    static final String HEADERS = "message/x.micro.headers.v0";

    /** Composite metadata: routing, then optionally an entry of headers. */
    static ByteBuf metadata(String route, String headersMime, byte[] headers) {
        CompositeByteBuf composite = ALLOC.compositeBuffer();
        CompositeMetadataCodec.encodeAndAddMetadata(
                composite,
                ALLOC,
                WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
                TaggingMetadataCodec.createRoutingMetadata(ALLOC, List.of(route))
                        .getContent());
        if (headers != null) {
            CompositeMetadataCodec.encodeAndAddMetadata(
                    composite, ALLOC, headersMime, ALLOC.buffer().writeBytes(headers));
        }
        return composite;
    }

    static Payload request(String route, String json, String headersJson) {
        return request(
                route, json, HEADERS_JSON, headersJson == null ? null : headersJson.getBytes(StandardCharsets.UTF_8));
    }

    static Payload request(String route, String json, String headersMime, byte[] headers) {
        ByteBuf metadata = metadata(route, headersMime, headers);
        try {
            byte[] m = new byte[metadata.readableBytes()];
            metadata.readBytes(m);
            return DefaultPayload.create(json.getBytes(StandardCharsets.UTF_8), m);
        } finally {
            metadata.release();
        }
    }

    /** Headers as {@code message/x.micro.headers.v0}: each name and value a one-byte length and its bytes. */
    static byte[] binaryHeaders(String... namesAndValues) {
        ByteBuf out = ALLOC.heapBuffer();
        try {
            for (String s : namesAndValues) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.writeByte(utf8.length).writeBytes(utf8);
            }
            return WireMetadata.bytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void requestResponseWithRoutingMetadataAndJson() {
        StepVerifier.create(rsocket.requestResponse(request("TestApi.hello", "{\"name\":\"rsocket\"}", null))
                        .map(p -> {
                            String data = p.getDataUtf8();
                            p.release();
                            return data;
                        }))
                .expectNext("{\"text\":\"Hello, rsocket!\"}")
                .verifyComplete();
    }

    @Test
    void requestStreamHonoursRequestN() {
        StepVerifier.create(
                        rsocket.requestStream(request("TestApi.count", "{\"name\":\"4\"}", null))
                                .map(p -> {
                                    String data = p.getDataUtf8();
                                    p.release();
                                    return data;
                                }),
                        2)
                .expectNext("{\"text\":\"1\"}", "{\"text\":\"2\"}")
                .thenRequest(2)
                .expectNext("{\"text\":\"3\"}", "{\"text\":\"4\"}")
                .verifyComplete();
    }

    @Test
    void requestChannelTakesRoutingFromTheFirstPayload() {
        Flux<Payload> out = Flux.just(
                request("TestApi.chat", "{\"name\":\"one\"}", null), DefaultPayload.create("{\"name\":\"two\"}"));
        StepVerifier.create(rsocket.requestChannel(out).map(p -> {
                    String data = p.getDataUtf8();
                    p.release();
                    return data;
                }))
                .expectNext("{\"text\":\"ONE\"}", "{\"text\":\"TWO\"}")
                .verifyComplete();
    }

    @Test
    void aBearerTokenInAuthenticationMetadataReachesTheHandlerAsAuthorization() {
        CompositeByteBuf composite = (CompositeByteBuf) metadata("TestApi.header", null, null);
        CompositeMetadataCodec.encodeAndAddMetadata(
                composite,
                ALLOC,
                WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
                AuthMetadataCodec.encodeBearerMetadata(ALLOC, "t0k".toCharArray()));
        byte[] m = new byte[composite.readableBytes()];
        composite.readBytes(m);
        composite.release();
        Payload call = DefaultPayload.create("{\"name\":\"Authorization\"}".getBytes(StandardCharsets.UTF_8), m);
        StepVerifier.create(rsocket.requestResponse(call).map(p -> {
                    String data = p.getDataUtf8();
                    p.release();
                    return data;
                }))
                .expectNext("{\"text\":\"Bearer t0k\"}")
                .verifyComplete();
    }

    @Test
    void headersArriveAsMicroHeadersJson() {
        StepVerifier.create(rsocket.requestResponse(
                                request("TestApi.header", "{\"name\":\"X-Tenant\"}", "{\"X-Tenant\":\"acme\"}"))
                        .map(p -> {
                            String data = p.getDataUtf8();
                            p.release();
                            return data;
                        }))
                .expectNext("{\"text\":\"acme\"}")
                .verifyComplete();
    }

    @Test
    void headersArriveAsBinaryMicroHeaders() {
        StepVerifier.create(text(rsocket.requestResponse(request(
                        "TestApi.header",
                        "{\"name\":\"X-Tenant\"}",
                        HEADERS,
                        binaryHeaders("X-Other", "x", "X-Tenant", "grüße")))))
                .expectNext("{\"text\":\"grüße\"}")
                .verifyComplete();
    }

    @Test
    void binaryHeadersThatRunPastTheirEntryAreABadRequest() {
        byte[] noValue = binaryHeaders("X-Tenant");
        byte[] tooLong = binaryHeaders("X-Tenant", "acme");
        tooLong[tooLong.length - 5] = 5;
        byte[] fiveByteLength = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        for (byte[] headers : List.of(noValue, tooLong, fiveByteLength)) {
            StepVerifier.create(rsocket.requestResponse(
                            request("TestApi.header", "{\"name\":\"X-Tenant\"}", HEADERS, headers)))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ApplicationErrorException.class)
                            .hasMessageContaining("\"code\":400")
                            .hasMessageContaining("malformed message/x.micro.headers.v0"))
                    .verify(WAIT);
        }
        headersArriveAsBinaryMicroHeaders();
    }

    @Test
    void aScalarHeaderValueArrivesAsItsText() {
        StepVerifier.create(text(rsocket.requestResponse(
                        request("TestApi.header", "{\"name\":\"X-Count\"}", "{\"X-Count\":5,\"X-On\":true}"))))
                .expectNext("{\"text\":\"5\"}")
                .verifyComplete();
    }

    /** The reply's data as text; the payload released. */
    static Mono<String> text(Mono<Payload> reply) {
        return reply.map(p -> {
            String data = p.getDataUtf8();
            p.release();
            return data;
        });
    }

    @Test
    void headersThatAreNotAnObjectOfStringsAreABadRequest() {
        for (String headers : List.of("{\"X-A\":{\"b\":1}}", "{\"X-A\":null}", "[\"X-A\"]", "{\"X-A\":\"b\"")) {
            StepVerifier.create(rsocket.requestResponse(request("TestApi.header", "{\"name\":\"X-A\"}", headers)))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .as(headers)
                            .isInstanceOf(ApplicationErrorException.class)
                            .hasMessageContaining("\"code\":400")
                            .hasMessageContaining("malformed application/x.micro.headers+json"))
                    .verify(WAIT);
        }
        headersArriveAsMicroHeadersJson();
    }

    @Test
    void errorsAreApplicationErrorFramesCarryingTheErrorJson() {
        StepVerifier.create(rsocket.requestResponse(request("TestApi.nope", "{}", null)))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(ApplicationErrorException.class)
                        .hasMessage("{\"id\":\"svc\",\"code\":404,\"detail\":\"unknown endpoint TestApi.nope\","
                                + "\"status\":\"Not Found\"}"))
                .verify(WAIT);
    }

    @Test
    void serverCancelsTheHandlerWhenMicroDeadlinePasses() {
        long deadline = System.currentTimeMillis() + 200;
        StepVerifier.create(rsocket.requestResponse(
                        request("TestApi.hang", "{\"name\":\"x\"}", "{\"Micro-Deadline\":\"" + deadline + "\"}")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(ApplicationErrorException.class)
                        .hasMessageStartingWith(
                                "{\"id\":\"svc\",\"code\":408,\"detail\":\"TestApi.hang timed out after "))
                .verify(WAIT);
        StepVerifier.create(handler.hangCancelled.asMono()).expectComplete().verify(WAIT);
    }

    @Test
    void requestWithoutRouteIsABadRequest() {
        StepVerifier.create(rsocket.requestResponse(DefaultPayload.create("{}")))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("\"code\":400"))
                .verify(WAIT);
    }

    @Test
    void setupWithoutCompositeMetadataIsRejected() {
        InetSocketAddress at = Addresses.hostPort(server.server().address().orElseThrow());
        RSocket plain = RSocketConnector.create()
                .metadataMimeType("application/json")
                .connect(TcpClientTransport.create(at.getHostString(), at.getPort()))
                .block(WAIT);
        try {
            StepVerifier.create(plain.requestResponse(DefaultPayload.create("{}", "{}")))
                    .expectError(RejectedSetupException.class)
                    .verify(WAIT);
        } finally {
            plain.dispose();
        }
    }
}
