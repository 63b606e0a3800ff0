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
import org.jspecify.annotations.Nullable;

/**
 * The gateway workload: HTTP load from {@code wrk} (when installed). The floor is a bare Reactor Netty server
 * answering {@code GET /hello} with the benchmark message; Reactive Micro's gateway answers {@code POST
 * /bench/BenchApi/unary} with the message as body by calling the benchmark service over RSocket.
 */
final class Gateway {

    static final String HTTP_HELLO = "http-hello";
    static final String PATH = "/hello";
    static final String FLOOR = "reactor-netty-http";
    static final String MICRO_GATEWAY = "reactive-micro-gateway";
    static final String MICRO_PATH = "/" + MicroContender.SERVICE + "/BenchApi/unary";

    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$");

    private Gateway() {}

    /** A {@code wrk} script that POSTs the benchmark message as JSON, written to a temporary file. */
    static Path postScript() throws IOException {
        Path script = Files.createTempFile("bench-post", ".lua");
        script.toFile().deleteOnExit();
        String body = new String(Payloads.MESSAGE_BYTES, StandardCharsets.UTF_8)
                .replace("\\", "\\\\")
                .replace("'", "\\'");
        Files.writeString(
                script,
                "wrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\nwrk.body = '" + body + "'\n");
        return script;
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

    /**
     * {@code wrk} with {@code connections} connections for {@code seconds} against {@code url}, with the Lua
     * {@code script} when given.
     */
    static Result run(Path wrk, String contender, String url, @Nullable Path script, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                wrk.toString(),
                "-t" + Math.min(2, connections),
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
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
                "gateway",
                connections,
                contender,
                Double.parseDouble(rps.group(1)),
                p50,
                p99,
                null,
                null,
                null,
                0,
                "wrk");
    }

    private static double micros(double value, String unit) {
        return switch (unit) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            default -> value * 1e6;
        };
    }
}
