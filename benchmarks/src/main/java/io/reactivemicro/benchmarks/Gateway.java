package io.reactivemicro.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway workload: HTTP load from {@code wrk} (when installed) against a URL. Today it measures the
 * floor, a bare Reactor Netty server answering {@code GET /hello} with the benchmark message; {@link
 * #reactiveMicroGateway} is the hook for the HTTP→RPC gateway, reported as pending until it exists.
 */
final class Gateway {

    static final String HTTP_HELLO = "http-hello";
    static final String PATH = "/hello";
    static final String FLOOR = "reactor-netty-http";
    static final String MICRO_GATEWAY = "reactive-micro-gateway";

    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$");

    private Gateway() {}

    /**
     * THE HOOK for the gateway module: start the gateway (in a child JVM, with the Reactive Micro bench server
     * behind it, route {@code Bench.unary}) and return the URL of the HTTP endpoint that calls it. Empty: not
     * built yet, so the workload prints "pending" for it.
     */
    static Optional<String> reactiveMicroGateway() {
        return Optional.empty();
    }

    /** The {@code wrk} on the PATH, if any. */
    static Optional<Path> wrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code wrk} with {@code connections} connections for {@code seconds} against {@code url}. */
    static Result run(Path wrk, String contender, String url, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                wrk.toString(),
                "-t" + Math.min(2, connections),
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Matcher rps = REQUESTS.matcher(output);
        if (!rps.find()) {
            return Result.pending("gateway", connections, contender, "wrk printed no rate: " + output.strip());
        }
        Double p50 = null;
        Double p99 = null;
        for (String line : output.split("\n")) {
            Matcher m = PERCENTILE.matcher(line);
            if (m.matches()) {
                double us = micros(Double.parseDouble(m.group(2)), m.group(3));
                if (m.group(1).equals("50")) {
                    p50 = us;
                } else {
                    p99 = us;
                }
            }
        }
        return new Result(
                "gateway", connections, contender, Double.parseDouble(rps.group(1)), p50, p99, null, null, 0, "wrk");
    }

    private static double micros(double value, String unit) {
        return switch (unit) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            default -> value * 1e6;
        };
    }
}
