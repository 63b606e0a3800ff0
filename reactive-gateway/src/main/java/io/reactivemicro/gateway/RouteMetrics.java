package io.reactivemicro.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests counted per route: how many, how many answered 4xx/5xx, total and longest time (for a stream, until
 * it ended). At most {@value #MAX_ROUTES} routes are tracked, so a scan of made-up paths cannot grow it: the
 * rest (and every unmatched path) count under {@code other}.
 */
final class RouteMetrics {

    static final int MAX_ROUTES = 1_000;
    static final String OTHER = "other";

    private final Map<String, Counters> routes = new ConcurrentHashMap<>();

    void record(String route, int status, long nanos) {
        Counters c = routes.get(route);
        if (c == null) {
            c = routes.size() < MAX_ROUTES ? routes.computeIfAbsent(route, r -> new Counters()) : counters(OTHER);
        }
        c.count.increment();
        if (status >= 400) {
            c.errors.increment();
        }
        c.nanos.add(nanos);
        c.maxNanos.accumulate(nanos);
    }

    private Counters counters(String route) {
        return routes.computeIfAbsent(route, r -> new Counters());
    }

    /** {@code {"routes":{"greeter Greeter.hello":{"count":..,"errors":..,"meanMillis":..,"maxMillis":..}}}}. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        routes.forEach((route, c) -> {
            long count = c.count.sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("errors", c.errors.sum());
            m.put("meanMillis", count == 0 ? 0.0 : c.nanos.sum() / 1e6 / count);
            m.put("maxMillis", c.maxNanos.get() / 1e6);
            out.put(route, m);
        });
        return Map.of("routes", out);
    }

    private static final class Counters {
        final LongAdder count = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    }
}
