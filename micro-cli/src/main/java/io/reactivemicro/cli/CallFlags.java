package io.reactivemicro.cli;

import io.reactivemicro.CallOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The per-call flags of {@code call}, {@code stream} and {@code health}: deadline, headers, a fixed node. */
final class CallFlags {

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "the call's deadline: 500ms, 5s, 2m (call: default 5s; stream: none)")
    @Nullable
    Duration timeout;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME=VALUE",
            description = "a header for the handler (Metadata.from(ctx)); repeatable")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description = "call this node, skipping the registry (CallOptions.address)")
    @Nullable
    String address;

    CallOptions options() {
        CallOptions.Builder b = CallOptions.builder();
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (address != null) {
            b.address(address);
        }
        headers.forEach(b::header);
        return b.build();
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration d;
            if (v.startsWith("pt")) {
                d = Duration.parse(v);
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new IllegalArgumentException(value + " (expected: 500ms, 5s, 2m, 1h)");
                };
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(value + " (expected: > 0)");
            }
            return d;
        }
    }
}
