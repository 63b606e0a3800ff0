package io.reactivemicro.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server running in its own JVM ({@code java -cp <this class path> ...Main serve KIND}): it prints {@code
 * LISTENING <port>} once bound and exits when its standard input closes, so it never outlives the harness.
 */
final class ChildServer implements AutoCloseable {

    /**
     * The child JVM's options: a fixed heap, touched at start, so that every run sees the same one. A heap that
     * grows while a workload runs makes that workload pay the kernel for the new pages: profiled, page faults
     * were 39 % of a channel client's CPU while its heap grew from 0.3 to 3 GB, and a run half as fast.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC");

    /** More options for the child JVMs, e.g. {@code -XX:StartFlightRecording=...} to profile the servers. */
    static final String EXTRA_OPTIONS = "BENCH_SERVER_JVM_OPTS";

    static final String LISTENING = "LISTENING ";

    /** How long a child may take to start listening. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final List<String> lines;

    private ChildServer(Process process, int port, List<String> lines) {
        this.process = process;
        this.port = port;
        this.lines = lines;
    }

    /** The CPU time the child JVM has used so far, in nanoseconds; -1 where the OS does not tell. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Starts {@code serve kind args...} in a child JVM and waits until it listens. */
    static ChildServer start(String kind, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        String extra = System.getenv(EXTRA_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("serve");
        command.add(kind);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> awaitPort(process, lines));
        try {
            return new ChildServer(process, port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), lines);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(
                    "server " + kind + " did not start within " + START_TIMEOUT + "; it printed " + lines, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while server " + kind + " started", e);
        }
    }

    /** Reads the child's output up to its {@code LISTENING} line; what came before goes to {@code lines}. */
    private static int awaitPort(Process process, List<String> lines) {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(LISTENING)) {
                    return Integer.parseInt(line.substring(LISTENING.length()).trim());
                }
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the child ended before it listened");
    }

    int port() {
        return port;
    }

    /** What the child printed before it listened (e.g. its memory figures). */
    List<String> lines() {
        return lines;
    }

    /** Whether the child JVM has ended. */
    boolean exited() {
        return !process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
