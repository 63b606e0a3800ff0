package io.reactivemicro.cli;

import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.examples.greeter.Greeter;
import io.reactivemicro.examples.greeter.GreeterHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@code micro demo} runs on the session's registry and broker: the greeter example, a streaming service
 * ({@link Quotes}), a subscriber ({@link Inbox}) and a publisher that sends it a note every {@link #PUBLISH_EVERY}.
 */
final class DemoServices implements AutoCloseable {

    static final String TOPIC = "greetings";
    static final Duration PUBLISH_EVERY = Duration.ofSeconds(5);
    /** How many notes the inbox keeps. */
    static final int INBOX_SIZE = 20;

    final List<Service> services;
    private final Disposable publishing;
    private boolean closed;

    private DemoServices(List<Service> services, Disposable publishing) {
        this.services = services;
        this.publishing = publishing;
    }

    static DemoServices start(Session session) {
        List<Service> services = new ArrayList<>();
        services.add(session.service("greeter")
                .version("1.0.0")
                .handler(Greeter.class, new GreeterHandler())
                .build());
        services.add(session.service("quotes")
                .version("1.0.0")
                .handler(Quotes.class, DemoServices::quotes)
                .build());
        InboxHandler inbox = new InboxHandler();
        services.add(session.service("inbox")
                .version("1.0.0")
                .handler(Inbox.class, inbox)
                .subscribe(TOPIC, Inbox.Note.class, inbox::add)
                .build());
        Service publisher = session.service("publisher").version("1.0.0").build();
        services.add(publisher);
        Flux.fromIterable(services).flatMap(Service::start).then().block(Duration.ofSeconds(30));
        Disposable publishing = Flux.interval(PUBLISH_EVERY)
                .onBackpressureDrop()
                .concatMap(n -> publisher
                        .client()
                        .publish(
                                TOPIC,
                                new Inbox.Note(
                                        "publisher",
                                        "note #" + (n + 1),
                                        Instant.now().toString()))
                        .onErrorComplete())
                .subscribe();
        return new DemoServices(List.copyOf(services), publishing);
    }

    private static Flux<Quotes.Quote> quotes(Quotes.QuoteRequest request) {
        if (request.symbol() == null || request.symbol().isBlank() || request.intervalMillis() < 0) {
            return Flux.error(MicroException.badRequest("quotes", "symbol is required and intervalMillis >= 0"));
        }
        long every = request.intervalMillis() == 0 ? 500 : request.intervalMillis();
        double start = 50 + Math.floorMod(request.symbol().hashCode(), 100);
        return Flux.interval(Duration.ofMillis(every))
                .map(n -> new Quotes.Quote(
                        request.symbol(),
                        n,
                        Math.round((start + 5 * Math.sin(n / 4.0)) * 100) / 100.0,
                        Instant.now().toString()));
    }

    /** Keeps the last {@link #INBOX_SIZE} notes heard. */
    private static final class InboxHandler implements Inbox {
        private final Deque<Note> notes = new ArrayDeque<>();

        synchronized Mono<Void> add(Note note) {
            notes.addLast(note);
            if (notes.size() > INBOX_SIZE) {
                notes.removeFirst();
            }
            return Mono.empty();
        }

        @Override
        public synchronized Mono<Notes> recent(RecentRequest request) {
            return Mono.just(new Notes(List.copyOf(notes)));
        }
    }

    /** Stops the publisher, then every service (each deregisters and drains). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        publishing.dispose();
        Flux.fromIterable(services)
                .flatMap(s -> s.stop().onErrorComplete())
                .then()
                .block(Duration.ofSeconds(30));
    }
}
