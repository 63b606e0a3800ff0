package io.reactivemicro.gateway;

import io.reactivemicro.MicroException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a stream of JSON replies is framed. Server-Sent Events: one {@code data:} event per reply, then {@code
 * event: end} (so an {@code EventSource} knows not to reconnect) or {@code event: error} with the error JSON.
 * NDJSON: one reply per line, an error as a last line {@code {"error":{...}}}.
 */
enum StreamFormat {
    SSE(Http.SSE) {
        @Override
        byte[] item(byte[] json) {
            return event(null, json);
        }

        @Override
        byte[] end() {
            return event("end", Http.EMPTY_OBJECT);
        }

        @Override
        byte[] error(MicroException e) {
            return event("error", Json.error(e));
        }
    },
    NDJSON(Http.NDJSON) {
        @Override
        byte[] item(byte[] json) {
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        }

        @Override
        byte[] end() {
            return new byte[0];
        }

        @Override
        byte[] error(MicroException e) {
            return item(("{\"error\":" + new String(Json.error(e), StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    };

    final String contentType;

    StreamFormat(String contentType) {
        this.contentType = contentType;
    }

    abstract byte[] item(byte[] json);

    abstract byte[] end();

    abstract byte[] error(MicroException e);

    /** SSE when the client accepts {@code text/event-stream}, else NDJSON. */
    static StreamFormat forAccept(@Nullable String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(Http.SSE) ? SSE : NDJSON;
    }

    /** One event; a body with line breaks (raw, non-JSON replies) becomes several {@code data:} lines. */
    static byte[] event(@Nullable String name, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        if (name != null) {
            out.writeBytes(("event: " + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        for (byte b : data) {
            if (b == '\n') {
                out.writeBytes("\ndata: ".getBytes(StandardCharsets.US_ASCII));
            } else if (b != '\r') {
                out.write(b);
            }
        }
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
