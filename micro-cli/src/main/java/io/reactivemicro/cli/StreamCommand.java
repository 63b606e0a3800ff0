package io.reactivemicro.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
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
final class StreamCommand extends EndpointCommand {

    static final int INTERRUPTED = 130;

    @Override
    int run(Session session) {
        JsonNode body = requestBody(session);
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
