package io.reactivemicro.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
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
        return parse(contender, connections, output);
    }

    /**
     * A cell from {@code wrk --latency}'s report. Its errors are the answers that were not 2xx or 3xx and the
     * socket errors (connect, read, write, timeout): wrk's rate counts every answer, good or not, so a cell
     * with errors says so in its note.
     */
    static Result parse(String contender, int connections, String output) {
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
        long non2xx = 0;
        Matcher bad = NON_2XX.matcher(output);
        if (bad.find()) {
            non2xx = Long.parseLong(bad.group(1));
        }
        long socket = 0;
        Matcher sockets = SOCKET_ERRORS.matcher(output);
        if (sockets.find()) {
            for (int group = 1; group <= 4; group++) {
                socket += Long.parseLong(sockets.group(group));
            }
        }
        String note = non2xx + socket == 0
                ? "wrk"
                : "wrk: " + non2xx + " answers not 2xx/3xx, " + socket + " socket errors ("
                        + sockets.group().strip() + ")";
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
                non2xx + socket,
                note);
    }

    /**
     * One request to {@code url} before the load, POSTing {@code body} when given: wrk counts answers but
     * never reads them, so this is what shows that the server under load answers with the benchmark message.
     * Empty when it does, else what was wrong.
     */
    static Optional<String> checkAnswer(String url, byte @Nullable [] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT);
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT).build();
        HttpResponse<byte[]> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200 || !Arrays.equals(reply.body(), Payloads.MESSAGE_BYTES)) {
            return Optional.of("answered " + reply.statusCode() + " " + new String(reply.body(), StandardCharsets.UTF_8)
                    + ", not 200 and the benchmark message");
        }
        return Optional.empty();
    }

    private static double micros(double value, String unit) {
        return switch (unit) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            default -> value * 1e6;
        };
    }
}
