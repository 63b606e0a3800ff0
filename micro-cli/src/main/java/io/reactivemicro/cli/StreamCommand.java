package io.reactivemicro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * {@code micro stream SERVICE ENDPOINT [JSON]}: a request-stream, one JSON document per line as it arrives. Ctrl-C
 * (SIGINT) cancels the stream, which cancels the handler on the server, before the process exits with 130.
 */
@Command(
        name = "stream",
        description = {
            "Calls ENDPOINT of SERVICE as a stream and prints each reply as one JSON line; Ctrl-C cancels it on the"
                    + " server.",
            "The body as for call."
        })
final class StreamCommand extends SessionCommand {

    static final int INTERRUPTED = 130;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "ENDPOINT", description = "e.g. Greeter.ticks")
    String endpoint;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "the request body, or - for stdin")
    @Nullable
    String json;

    @Mixin
    CallFlags flags;

    @Unmatched
    List<String> fields = new ArrayList<>();

    @Override
    int run(Session session) {
        JsonNode body = CallCommand.requestBody(session, service, endpoint, json, fields, flags.address);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Disposable stream = session.client.client().stream(service, endpoint, body, JsonNode.class, flags.options())
                .doFinally(signal -> done.countDown())
                .subscribe(session.output::compact, failure::set);
        // The JVM runs this on SIGINT/SIGTERM: the cancel goes out before the connection closes.
        Thread onSignal = new Thread(
                () -> {
                    interrupted.set(true);
                    stream.dispose();
                    session.close();
                },
                "micro-stream-cancel");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.dispose();
        }
        if (interrupted.get()) {
            return INTERRUPTED;
        }
        Runtime.getRuntime().removeShutdownHook(onSignal);
        Throwable e = failure.get();
        if (e != null) {
            return session.output.failure(e);
        }
        return 0;
    }
}
