package io.reactivemicro;

import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/** Runs an invocation through interceptors, then the terminal step; one instance per position in the chain. */
final class InterceptorChain implements Interceptor.Chain {

    private final List<Interceptor> interceptors;
    private final int index;
    private final Invocation invocation;
    private final Function<Invocation, Flux<?>> terminal;

    private InterceptorChain(
            List<Interceptor> interceptors, int index, Invocation invocation, Function<Invocation, Flux<?>> terminal) {
        this.interceptors = interceptors;
        this.index = index;
        this.invocation = invocation;
        this.terminal = terminal;
    }

    /** Runs {@code invocation} through {@code interceptors} (first outermost), ending in {@code terminal}. */
    static Flux<?> run(List<Interceptor> interceptors, Invocation invocation, Function<Invocation, Flux<?>> terminal) {
        if (interceptors.isEmpty()) {
            return terminal.apply(invocation);
        }
        return new InterceptorChain(interceptors, 0, invocation, terminal).proceed(invocation);
    }

    @Override
    public Invocation invocation() {
        return invocation;
    }

    @Override
    public Flux<?> proceed(Invocation next) {
        if (index == interceptors.size()) {
            return terminal.apply(next);
        }
        Flux<?> result =
                interceptors.get(index).intercept(new InterceptorChain(interceptors, index + 1, next, terminal));
        if (result == null) {
            return Flux.error(new NullPointerException(
                    "interceptor " + interceptors.get(index).getClass().getName() + " returned null"));
        }
        return result;
    }
}
