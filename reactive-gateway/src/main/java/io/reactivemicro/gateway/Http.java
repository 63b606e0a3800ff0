package io.reactivemicro.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reactivemicro.MicroException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Reading bounded bodies and writing JSON answers, shared by the API routes and the dashboard's. */
final class Http {

    static final String JSON = "application/json";
    static final String SSE = "text/event-stream";
    static final String NDJSON = "application/x-ndjson";
    static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private Http() {}

    /**
     * The whole request body, at most {@code max} bytes: a larger declared {@code Content-Length} fails at
     * once, a larger chunked body as soon as it passes the limit, both with 413. Chunks are copied and
     * released as they arrive.
     */
    static Mono<byte[]> body(HttpServerRequest req, int max) {
        return Mono.defer(() -> {
            String declared = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            if (declared != null && parseLong(declared) > max) {
                return Mono.error(tooLarge(declared, max));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            return req.receive()
                    .asByteArray()
                    .handle((chunk, sink) -> {
                        if (out.size() + chunk.length > max) {
                            sink.error(tooLarge("more than " + max, max));
                        } else {
                            out.writeBytes(chunk);
                        }
                    })
                    .then(Mono.fromSupplier(out::toByteArray));
        });
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw MicroException.badRequest(Json.ID, "Content-Length: %s is not a number", value);
        }
    }

    private static MicroException tooLarge(String size, int max) {
        return MicroException.payloadTooLarge(Json.ID, "request body of %s bytes is over the limit of %d", size, max);
    }

    static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, byte[] body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    static Mono<Void> json(HttpServerResponse res, Object value) {
        return json(res, HttpResponseStatus.OK, Json.write(value));
    }

    /** The error's code as the status (500 when it is no HTTP error code), its JSON as the body. */
    static Mono<Void> error(HttpServerResponse res, MicroException e) {
        return json(res, status(e), Json.error(e));
    }

    static HttpResponseStatus status(MicroException e) {
        int code = e.code();
        return HttpResponseStatus.valueOf(code >= 400 && code <= 599 ? code : 500);
    }
}
