package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.Request;
import io.rsocket.metadata.AuthMetadataCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.MimeTypeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownAuthType;
import io.rsocket.metadata.WellKnownMimeType;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The request metadata of DESIGN.md's wire contract, as RSocket composite metadata: routing (endpoint, then
 * optionally the target service), the data's mime type when not the SETUP default, a bearer token, and the
 * string headers. This client sends the headers as {@value #HEADERS}: each name, then its value, as a varint
 * length (unsigned LEB128, at most four bytes) followed by that many bytes of UTF-8. The server reads that and
 * also {@value #HEADERS_JSON} (a JSON object of strings), which is easier for an outside client to write; when
 * a request carries both, a header in the later entry wins.
 */
final class WireMetadata {

    static final String COMPOSITE = WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString();
    static final String JSON = WellKnownMimeType.APPLICATION_JSON.getString();
    static final String HEADERS = "message/x.micro.headers.v0";
    static final String HEADERS_JSON = "application/x.micro.headers+json";

    private static final String ROUTING = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString();
    private static final String MIME = WellKnownMimeType.MESSAGE_RSOCKET_MIMETYPE.getString();
    private static final String AUTH = WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getString();
    private static final byte ROUTING_ID = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getIdentifier();
    private static final byte MIME_ID = WellKnownMimeType.MESSAGE_RSOCKET_MIMETYPE.getIdentifier();
    private static final byte AUTH_ID = WellKnownMimeType.MESSAGE_RSOCKET_AUTHENTICATION.getIdentifier();
    private static final byte[] HEADERS_ASCII = HEADERS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADERS_JSON_ASCII = HEADERS_JSON.getBytes(StandardCharsets.US_ASCII);

    /** The kinds of entry {@link #decode} reads, from {@link #kind}. */
    private static final int OTHER_ENTRY = 0;

    private static final int ROUTING_ENTRY = 1;
    private static final int MIME_ENTRY = 2;
    private static final int AUTH_ENTRY = 3;
    private static final int HEADERS_ENTRY = 4;
    private static final int HEADERS_JSON_ENTRY = 5;

    /** The header names every call carries, as {@link #readName} returns them. */
    private static final String[] KNOWN_NAMES = {Metadata.FROM_SERVICE, Metadata.DEADLINE, Metadata.TRACEPARENT};

    private static final byte[][] KNOWN_NAME_BYTES = {
        Metadata.FROM_SERVICE.getBytes(StandardCharsets.US_ASCII),
        Metadata.DEADLINE.getBytes(StandardCharsets.US_ASCII),
        Metadata.TRACEPARENT.getBytes(StandardCharsets.US_ASCII)
    };

    /**
     * JSON headers are a flat object of strings: read with Jackson's streaming API and no data binding, which
     * built a deserialization context and looked up the map's type on every call. Buffers are kept per thread,
     * as in the JSON codec: Jackson 3's default pool allocates a deque node per use.
     */
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    /**
     * Where request metadata is built: small heap buffers outside the pool and the leak detector. Building it
     * takes dozens of small writes; on pooled, leak-tracked buffers each is bookkeeping (and, with the detector
     * at paranoid, a stack trace), while a heap buffer that is never released is simply collected.
     */
    static final ByteBufAllocator METADATA = new UnpooledByteBufAllocator(false, true);

    static final int MAX_CACHED_ROUTES = 10_000;
    /** Encoded routing entries by service ("" for none), then endpoint. */
    private static final Map<String, Map<String, byte[]>> ROUTES = new ConcurrentHashMap<>();

    private static final AtomicInteger cachedRoutes = new AtomicInteger();

    /** An entry's length is 24 bits on the wire. */
    private static final int MAX_ENTRY_LENGTH = 0xFF_FFFF;

    /** A bearer token's entry beyond the token: the entry's header (mime id, length) and the auth type byte. */
    private static final int BEARER_ENTRY_OVERHEAD = 5;

    /** The composite-metadata header of the headers entry, as the codec writes it, with a length of zero. */
    private static final byte[] HEADERS_ENTRY_HEADER = encodedEntry(HEADERS, Unpooled.EMPTY_BUFFER);

    static final int MAX_CACHED_CONTENT_TYPES = 100;
    private static final Map<String, byte[]> CONTENT_TYPES = new ConcurrentHashMap<>();

    private WireMetadata() {}

    /**
     * Encodes {@code request}'s metadata into one buffer; the caller owns (and sends or releases) it. Each entry
     * is composite metadata as RSocket's {@code CompositeMetadataCodec} writes it: the routing and content type
     * entries come encoded from caches, and the headers entry is the codec's header for it (kept, with a zero
     * length) followed by the headers written in place, its length then set. A {@code CompositeByteBuf} of
     * entries, as the codec builds it, cost a component array, a component and a wrapper per entry on every call.
     */
    static ByteBuf encode(ByteBufAllocator alloc, Request request) {
        byte[] route = routing(request.endpoint(), request.service());
        byte[] contentType = request.contentType() == null ? null : contentTypeEntry(request.contentType());
        String token = request.token();
        HeadersWriter headers = request.headers().isEmpty() ? null : HeadersWriter.sized(request.headers());
        ByteBuf out = alloc.buffer(route.length
                + (contentType == null ? 0 : contentType.length)
                + (token == null ? 0 : BEARER_ENTRY_OVERHEAD + ByteBufUtil.utf8Bytes(token))
                + (headers == null ? 0 : HEADERS_ENTRY_HEADER.length + headers.bytes));
        try {
            out.writeBytes(route);
            if (contentType != null) {
                out.writeBytes(contentType);
            }
            if (token != null) {
                writeEntry(out, AUTH, AuthMetadataCodec.encodeBearerMetadata(METADATA, token.toCharArray()));
            }
            if (headers != null) {
                if (headers.bytes > MAX_ENTRY_LENGTH) {
                    throw new IllegalArgumentException(
                            "headers of " + headers.bytes + " bytes do not fit a metadata entry");
                }
                out.writeBytes(HEADERS_ENTRY_HEADER);
                out.setMedium(out.writerIndex() - 3, headers.bytes);
                headers.writeTo(out, request.headers());
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * The routing entry (composite entry header and tags) of {@code endpoint} at {@code service}, encoded once:
     * a client calls the same few endpoints over and over. At most {@value #MAX_CACHED_ROUTES} entries are
     * kept; routes beyond them are encoded on every call.
     */
    static byte[] routing(String endpoint, @Nullable String service) {
        String key = service == null ? "" : service;
        Map<String, byte[]> byEndpoint = ROUTES.get(key);
        byte[] cached = byEndpoint == null ? null : byEndpoint.get(endpoint);
        if (cached != null) {
            return cached;
        }
        byte[] encoded = encodedEntry(
                ROUTING,
                TaggingMetadataCodec.createRoutingMetadata(
                                METADATA, service == null ? List.of(endpoint) : List.of(endpoint, service))
                        .getContent());
        if (cachedRoutes.get() < MAX_CACHED_ROUTES
                && ROUTES.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).putIfAbsent(endpoint, encoded) == null) {
            cachedRoutes.incrementAndGet();
        }
        return encoded;
    }

    /**
     * The data mime type entry of {@code contentType}, encoded once: a client's codecs name a handful of types.
     * At most {@value #MAX_CACHED_CONTENT_TYPES} are kept.
     */
    static byte[] contentTypeEntry(String contentType) {
        byte[] cached = CONTENT_TYPES.get(contentType);
        if (cached != null) {
            return cached;
        }
        byte[] encoded = encodedEntry(MIME, MimeTypeMetadataCodec.encode(METADATA, contentType));
        if (CONTENT_TYPES.size() < MAX_CACHED_CONTENT_TYPES) {
            CONTENT_TYPES.putIfAbsent(contentType, encoded);
        }
        return encoded;
    }

    /**
     * Appends one composite metadata entry to {@code out}, as RSocket's codec encodes it (a well-known mime type
     * in its one-byte form); takes {@code content}.
     */
    private static void writeEntry(ByteBuf out, String mime, ByteBuf content) {
        CompositeByteBuf entry = METADATA.compositeBuffer();
        try {
            CompositeMetadataCodec.encodeAndAddMetadataWithCompression(entry, METADATA, mime, content);
            out.writeBytes(entry);
        } finally {
            entry.release();
        }
    }

    /** One composite metadata entry as bytes, for the caches. */
    private static byte[] encodedEntry(String mime, ByteBuf content) {
        ByteBuf out = METADATA.heapBuffer();
        try {
            writeEntry(out, mime, content);
            return bytes(out);
        } finally {
            out.release();
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
            // the codec's entry slices, without CompositeMetadata's iterator and entry objects; a custom mime
            // type is compared as bytes, where the iterator decoded a String of it for every entry
            int index = metadata.readerIndex();
            while (CompositeMetadataCodec.hasEntry(metadata, index)) {
                ByteBuf[] entry = CompositeMetadataCodec.decodeMimeAndContentBuffersSlices(metadata, index, false);
                ByteBuf mime = entry[0];
                ByteBuf content = entry[1];
                index = CompositeMetadataCodec.computeNextEntryIndex(index, mime, content);
                switch (kind(mime)) {
                    case ROUTING_ENTRY -> {
                        Iterator<String> tags = new RoutingMetadata(content).iterator();
                        endpoint = tags.hasNext() ? tags.next() : null;
                        target = tags.hasNext() ? tags.next() : null;
                    }
                    case MIME_ENTRY -> {
                        List<String> types = MimeTypeMetadataCodec.decode(content);
                        contentType = types.isEmpty() ? null : types.get(0);
                    }
                    case AUTH_ENTRY -> {
                        if (AuthMetadataCodec.isWellKnownAuthType(content)
                                && AuthMetadataCodec.readWellKnownAuthType(content) == WellKnownAuthType.BEARER) {
                            token = new String(AuthMetadataCodec.readBearerTokenAsCharArray(content));
                        }
                    }
                    case HEADERS_ENTRY -> headers = headers.with(readHeaders(content));
                    case HEADERS_JSON_ENTRY -> headers = headers.with(readJsonHeaders(content));
                    default -> {
                        // an entry this server does not read
                    }
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

    /**
     * Which of the entries this server reads {@code mime} (an entry's mime header, as the codec slices it)
     * names. Our custom types are compared as bytes; a well-known type written out in full is accepted too.
     */
    private static int kind(ByteBuf mime) {
        if (CompositeMetadataCodec.isWellKnownMimeType(mime)) {
            return kindOf(CompositeMetadataCodec.decodeMimeIdFromMimeBuffer(mime));
        }
        if (isCustomMime(mime, HEADERS_ASCII)) {
            return HEADERS_ENTRY;
        }
        if (isCustomMime(mime, HEADERS_JSON_ASCII)) {
            return HEADERS_JSON_ENTRY;
        }
        CharSequence type = CompositeMetadataCodec.decodeMimeTypeFromMimeBuffer(mime);
        return type == null
                ? OTHER_ENTRY
                : kindOf(WellKnownMimeType.fromString(type.toString()).getIdentifier());
    }

    private static int kindOf(byte wellKnownId) {
        if (wellKnownId == ROUTING_ID) {
            return ROUTING_ENTRY;
        }
        if (wellKnownId == MIME_ID) {
            return MIME_ENTRY;
        }
        return wellKnownId == AUTH_ID ? AUTH_ENTRY : OTHER_ENTRY;
    }

    /** Whether an entry's custom mime header (its length byte, then the type in ASCII) names {@code type}. */
    private static boolean isCustomMime(ByteBuf header, byte[] type) {
        return header.readableBytes() == type.length + 1 && startsWith(header, header.readerIndex() + 1, type);
    }

    /** Whether {@code buf} holds {@code bytes} from {@code index} on; the caller checked there is room. */
    private static boolean startsWith(ByteBuf buf, int index, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buf.getByte(index + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The content of the headers entry, every header as two length-prefixed UTF-8 strings: sized in a first
     * pass over the headers, so that the metadata buffer is allocated at its size, then written in a second.
     * The binary entry replaced JSON on the client: creating a Jackson generator and escaping the values took
     * more time per call than anything else in the request metadata, on both sides of the wire.
     */
    private static final class HeadersWriter implements BiConsumer<String, String> {
        private @Nullable ByteBuf out;
        private int bytes;

        static HeadersWriter sized(Metadata headers) {
            HeadersWriter writer = new HeadersWriter();
            headers.forEach(writer);
            return writer;
        }

        void writeTo(ByteBuf out, Metadata headers) {
            this.out = out;
            headers.forEach(this);
        }

        @Override
        public void accept(String name, String value) {
            ByteBuf target = out;
            if (target == null) {
                bytes += encodedLength(name) + encodedLength(value);
            } else {
                writeString(target, name);
                writeString(target, value);
            }
        }

        private static int encodedLength(String s) {
            int length = ByteBufUtil.utf8Bytes(s);
            int varint = 1;
            for (int rest = length >>> 7; rest != 0; rest >>>= 7) {
                varint++;
            }
            return varint + length;
        }
    }

    /**
     * Writes {@code s}'s length and UTF-8, reserving only those bytes: the buffer is allocated at the
     * metadata's size, and Netty's plain UTF-8 write reserves three bytes per char.
     */
    private static void writeString(ByteBuf out, String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        for (int rest = length; ; rest >>>= 7) {
            if ((rest & ~0x7F) == 0) {
                out.writeByte(rest);
                break;
            }
            out.writeByte((rest & 0x7F) | 0x80);
        }
        ByteBufUtil.reserveAndWriteUtf8(out, s, length);
    }

    /** Reads {@value #HEADERS}; a string that runs past the entry, or a length of more than four bytes, is malformed. */
    private static Metadata readHeaders(ByteBuf content) {
        Metadata.Builder headers = Metadata.builder();
        while (content.isReadable()) {
            String name = readName(content);
            if (!content.isReadable()) {
                throw new IllegalArgumentException("malformed " + HEADERS + ": header " + name + " has no value");
            }
            headers.put(name, readString(content));
        }
        return headers.build();
    }

    /**
     * A header name: one of the names every call carries is returned as its constant, compared as bytes,
     * rather than decoded into a new String on every call.
     */
    private static String readName(ByteBuf in) {
        int length = readLength(in);
        for (int i = 0; i < KNOWN_NAMES.length; i++) {
            if (KNOWN_NAME_BYTES[i].length == length && startsWith(in, in.readerIndex(), KNOWN_NAME_BYTES[i])) {
                in.skipBytes(length);
                return KNOWN_NAMES[i];
            }
        }
        return readUtf8(in, length);
    }

    private static String readString(ByteBuf in) {
        return readUtf8(in, readLength(in));
    }

    private static String readUtf8(ByteBuf in, int length) {
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /** A string's varint length; one that runs past the entry, or over four bytes, is malformed. */
    private static int readLength(ByteBuf in) {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift == 28 || !in.isReadable()) {
                throw new IllegalArgumentException(
                        "malformed " + HEADERS + ": a length runs past the entry or over four bytes");
            }
            byte b = in.readByte();
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > in.readableBytes()) {
            throw new IllegalArgumentException("malformed " + HEADERS + ": a string of " + length + " bytes where "
                    + in.readableBytes() + " remain");
        }
        return length;
    }

    /**
     * A JSON object of headers; a scalar value is taken as its text (an outside client may send {@code
     * "Micro-Deadline": 1700000000000}), a null, object or array value is malformed.
     */
    private static Metadata readJsonHeaders(ByteBuf content) {
        // one copy, then Jackson parses an array: far fewer buffer accesses than reading through a stream
        try (JsonParser json = JSON_FACTORY.createParser(ObjectReadContext.empty(), ByteBufUtil.getBytes(content))) {
            JsonToken first = json.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return Metadata.empty();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("malformed " + HEADERS_JSON + ": not an object");
            }
            Metadata.Builder headers = Metadata.builder();
            String name;
            while ((name = json.nextName()) != null) {
                JsonToken value = json.nextToken();
                if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException(
                            "malformed " + HEADERS_JSON + ": header " + name + " is " + value + ", not a string");
                }
                headers.put(name, json.getString());
            }
            return headers.build();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + HEADERS_JSON + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A copy of {@code buf}'s readable bytes. */
    static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
