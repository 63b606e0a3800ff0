package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.Request;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.MimeTypeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownAuthType;
import io.rsocket.metadata.WellKnownMimeType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request metadata of DESIGN.md's wire contract, as RSocket composite metadata: routing (endpoint, then
 * optionally the target service), the data's mime type when not the SETUP default, a bearer token, and the
 * string headers as {@code application/x.micro.headers+json}.
 */
final class WireMetadata {

    static final String COMPOSITE = WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString();
    static final String JSON = WellKnownMimeType.APPLICATION_JSON.getString();
    static final String HEADERS = "application/x.micro.headers+json";

    private static final String ROUTING = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString();
    private static final String MIME = WellKnownMimeType.MESSAGE_RSOCKET_MIMETYPE.getString();
    private static final String AUTH = WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectReader HEADERS_READER = MAPPER.readerFor(new TypeReference<Map<String, String>>() {});
    private static final ObjectWriter HEADERS_WRITER = MAPPER.writer();

    /**
     * Where request metadata is built: small heap buffers outside the pool and the leak detector. Building it
     * takes dozens of small writes; on pooled, leak-tracked buffers each is bookkeeping (and, with the detector
     * at paranoid, a stack trace), while a heap buffer that is never released is simply collected.
     */
    static final ByteBufAllocator METADATA = new UnpooledByteBufAllocator(false, true);

    static {
        // build the headers' (de)serializers now, not under Jackson's cache lock on the first event loop to need them
        HEADERS_READER.readValue(HEADERS_WRITER.writeValueAsBytes(Map.of("warm", "up")));
    }

    private WireMetadata() {}

    /** Encodes {@code request}'s metadata; the caller owns (and sends or releases) the returned buffer. */
    static ByteBuf encode(ByteBufAllocator alloc, Request request) {
        CompositeByteBuf composite = alloc.compositeBuffer();
        try {
            List<String> tags = request.service() == null
                    ? List.of(request.endpoint())
                    : List.of(request.endpoint(), request.service());
            CompositeMetadataCodec.encodeAndAddMetadata(
                    composite,
                    alloc,
                    WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
                    TaggingMetadataCodec.createRoutingMetadata(alloc, tags).getContent());
            if (request.contentType() != null) {
                CompositeMetadataCodec.encodeAndAddMetadata(
                        composite,
                        alloc,
                        WellKnownMimeType.MESSAGE_RSOCKET_MIMETYPE,
                        MimeTypeMetadataCodec.encode(alloc, request.contentType()));
            }
            if (request.token() != null) {
                CompositeMetadataCodec.encodeAndAddMetadata(
                        composite,
                        alloc,
                        WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION,
                        AuthMetadataCodec.encodeBearerMetadata(
                                alloc, request.token().toCharArray()));
            }
            if (!request.headers().isEmpty()) {
                byte[] json = HEADERS_WRITER.writeValueAsBytes(request.headers().asMap());
                CompositeMetadataCodec.encodeAndAddMetadata(
                        composite, alloc, HEADERS, alloc.buffer(json.length).writeBytes(json));
            }
            return composite;
        } catch (RuntimeException e) {
            composite.release();
            throw e;
        }
    }

    /**
     * Reads a request's metadata (it does not release {@code metadata}); {@code data} becomes the request's
     * body. A request without a route, or with unreadable metadata, is a 400.
     */
    static Request decode(String service, ByteBuf metadata, byte[] data) {
        String endpoint = null;
        String target = null;
        String contentType = null;
        String token = null;
        Metadata headers = Metadata.empty();
        try {
            for (CompositeMetadata.Entry entry : new CompositeMetadata(metadata, false)) {
                String mime = entry.getMimeType();
                ByteBuf content = entry.getContent();
                if (ROUTING.equals(mime)) {
                    Iterator<String> tags = new RoutingMetadata(content).iterator();
                    endpoint = tags.hasNext() ? tags.next() : null;
                    target = tags.hasNext() ? tags.next() : null;
                } else if (MIME.equals(mime)) {
                    List<String> types = MimeTypeMetadataCodec.decode(content);
                    contentType = types.isEmpty() ? null : types.get(0);
                } else if (AUTH.equals(mime)) {
                    if (AuthMetadataCodec.isWellKnownAuthType(content)
                            && AuthMetadataCodec.readWellKnownAuthType(content) == WellKnownAuthType.BEARER) {
                        token = new String(AuthMetadataCodec.readBearerTokenAsCharArray(content));
                    }
                } else if (HEADERS.equals(mime)) {
                    headers = Metadata.of(readHeaders(content));
                }
            }
        } catch (RuntimeException e) {
            throw MicroException.badRequest(service, "unreadable request metadata: %s", e.getMessage());
        }
        if (endpoint == null || endpoint.isEmpty()) {
            throw MicroException.badRequest(service, "request has no route (message/x.rsocket.routing.v0 metadata)");
        }
        return new Request(endpoint, target, headers, contentType, token, data);
    }

    private static Map<String, String> readHeaders(ByteBuf content) {
        try {
            // one copy, then Jackson parses an array: far fewer buffer accesses than reading through a stream
            Map<String, String> map = HEADERS_READER.readValue(ByteBufUtil.getBytes(content));
            return map == null ? Map.of() : map;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + HEADERS + ": " + e.getMessage(), e);
        }
    }

    /** A copy of {@code buf}'s readable bytes. */
    static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
