package io.reactivemicro.cli;

import java.util.List;
import reactor.core.publisher.Mono;

/** The demo's subscriber: what it heard on the {@code greetings} topic, the latest last. */
public interface Inbox {

    Mono<Notes> recent(RecentRequest request);

    /** Takes no fields; {@code {}}. */
    record RecentRequest() {}

    record Note(String from, String text, String at) {}

    record Notes(List<Note> notes) {}
}
