package io.reactivemicro.rsocket;

import io.reactivemicro.MicroException;
import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.CanceledException;
import io.rsocket.exceptions.ConnectionCloseException;
import io.rsocket.exceptions.ConnectionErrorException;
import io.rsocket.exceptions.InvalidException;
import io.rsocket.exceptions.RejectedException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link MicroException} on the wire: an APPLICATION_ERROR frame whose message is {@code
 * {"id":..,"code":..,"detail":..,"status":..}}; and RSocket's own failures mapped to codes, keeping the
 * distinction the client's retries rely on (503: never reached a handler; 502: lost mid-call).
 */
final class WireErrors {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private WireErrors() {}

    static ApplicationErrorException toWire(MicroException e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("code", e.code());
        json.put("detail", e.detail());
        json.put("status", e.status());
        return new ApplicationErrorException(MAPPER.writeValueAsString(json));
    }

    /** The caller-side view of a failure of a call to {@code address}. */
    static MicroException fromWire(Throwable t, String from, String address) {
        if (t instanceof MicroException e) {
            return e;
        }
        if (t instanceof ApplicationErrorException e) {
            return parse(e.getMessage(), from);
        }
        if (t instanceof RejectedException e) {
            return MicroException.unavailable(from, "%s rejected the request: %s", address, e.getMessage());
        }
        if (t instanceof InvalidException e) {
            return MicroException.badRequest(from, "%s found the request invalid: %s", address, e.getMessage());
        }
        if (t instanceof CanceledException e) {
            return MicroException.internal(from, "%s cancelled the request: %s", address, e.getMessage());
        }
        if (t instanceof ClosedChannelException
                || t instanceof ConnectionCloseException
                || t instanceof ConnectionErrorException) {
            return MicroException.of(502, from, "connection to " + address + " lost during the call: " + t);
        }
        return MicroException.internal(from, "call to %s failed: %s", address, t.toString());
    }

    private static MicroException parse(String message, String from) {
        try {
            JsonNode json = MAPPER.readTree(message);
            if (json != null && json.has("code")) {
                return MicroException.of(
                        json.path("code").asInt(500),
                        json.path("id").asString(""),
                        json.path("detail").asString(""),
                        json.path("status").asString(""));
            }
        } catch (JacksonException e) {
            // not our JSON: an outside RSocket server's plain message
        }
        return MicroException.internal(from, "%s", message);
    }
}
