package io.reactivemicro;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one error type of Reactive Micro, after Go Micro's {@code errors.Error}: the service that raised it
 * ({@link #id()}), an HTTP-like {@link #code()}, a human {@link #detail()} and the code's {@link #status()}
 * text. It crosses the wire intact: a handler that fails with {@code MicroException.conflict("orders",
 * "order %s exists", id)} makes the caller's {@code Mono} fail with an equal exception.
 *
 * <p>Codes in use: 400 bad request, 401, 403, 404 unknown service or endpoint, 408 timeout, 409, 413 payload
 * too large, 429, 500, 503 no node available.
 */
public final class MicroException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final int code;
    private final String detail;
    private final String status;

    private MicroException(String id, int code, String detail, String status, @Nullable Throwable cause) {
        super(detail, cause, true, false);
        this.id = id;
        this.code = code;
        this.detail = detail;
        this.status = status;
    }

    /** An error with any code; {@link #status()} is the code's standard reason phrase. */
    public static MicroException of(int code, String id, String detail) {
        return new MicroException(requireId(id), code, Objects.requireNonNull(detail, "detail"), statusOf(code), null);
    }

    /** An error exactly as it arrived from the wire; {@code status} falls back to the code's phrase. */
    public static MicroException of(int code, String id, String detail, @Nullable String status) {
        return new MicroException(
                requireId(id),
                code,
                Objects.requireNonNull(detail, "detail"),
                status == null || status.isEmpty() ? statusOf(code) : status,
                null);
    }

    public static MicroException badRequest(String id, String format, Object... args) {
        return create(400, id, format, args);
    }

    public static MicroException unauthorized(String id, String format, Object... args) {
        return create(401, id, format, args);
    }

    public static MicroException forbidden(String id, String format, Object... args) {
        return create(403, id, format, args);
    }

    public static MicroException notFound(String id, String format, Object... args) {
        return create(404, id, format, args);
    }

    public static MicroException timeout(String id, String format, Object... args) {
        return create(408, id, format, args);
    }

    public static MicroException conflict(String id, String format, Object... args) {
        return create(409, id, format, args);
    }

    public static MicroException payloadTooLarge(String id, String format, Object... args) {
        return create(413, id, format, args);
    }

    public static MicroException tooManyRequests(String id, String format, Object... args) {
        return create(429, id, format, args);
    }

    public static MicroException internal(String id, String format, Object... args) {
        return create(500, id, format, args);
    }

    public static MicroException unavailable(String id, String format, Object... args) {
        return create(503, id, format, args);
    }

    /**
     * Returns {@code t} itself when it is a {@code MicroException}; otherwise wraps it: a {@link
     * TimeoutException} becomes 408, anything else 500 with the original as cause and its message as detail.
     */
    public static MicroException from(Throwable t) {
        Objects.requireNonNull(t, "t");
        if (t instanceof MicroException e) {
            return e;
        }
        int code = t instanceof TimeoutException ? 408 : 500;
        String detail = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        return new MicroException("", code, detail, statusOf(code), t);
    }

    /** True when {@code t} is a {@code MicroException} with the given code. */
    public static boolean hasCode(@Nullable Throwable t, int code) {
        return t instanceof MicroException e && e.code == code;
    }

    private static MicroException create(int code, String id, String format, Object... args) {
        Objects.requireNonNull(format, "format");
        String detail = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        return new MicroException(requireId(id), code, detail, statusOf(code), null);
    }

    private static String requireId(String id) {
        return Objects.requireNonNull(id, "id");
    }

    /** The service (or component) that raised the error; may be empty when unknown. */
    public String id() {
        return id;
    }

    /** The HTTP-like code: 400, 401, 403, 404, 408, 409, 413, 429, 500, 503, … */
    public int code() {
        return code;
    }

    /** What went wrong, for a human. */
    public String detail() {
        return detail;
    }

    /** The code's reason phrase, e.g. {@code "Not Found"}. */
    public String status() {
        return status;
    }

    @Override
    public String toString() {
        return "MicroException{id=" + id + ", code=" + code + ", status=" + status + ", detail=" + detail + "}";
    }

    static String statusOf(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error " + code;
        };
    }
}
