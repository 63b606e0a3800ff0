package io.reactivemicro;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A topic subscription declared on a service builder. */
record Subscription<T>(String topic, @Nullable String queue, Class<T> type, Function<? super T, Mono<Void>> handler) {}
