package io.reactivemicro.cli;

import reactor.core.publisher.Flux;

/** The demo's streaming API: an endless stream of made-up prices, as fast as asked and no faster. */
public interface Quotes {

    /** One quote every {@code intervalMillis} (0: 500) until the caller cancels. */
    Flux<Quote> watch(QuoteRequest request);

    record QuoteRequest(String symbol, long intervalMillis) {}

    record Quote(String symbol, long sequence, double price, String at) {}
}
