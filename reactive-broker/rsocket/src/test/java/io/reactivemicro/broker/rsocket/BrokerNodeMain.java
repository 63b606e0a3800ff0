package io.reactivemicro.broker.rsocket;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import reactor.core.publisher.Mono;

/**
 * A subscriber process for {@link RSocketBrokerProcessesTest}: a service with the default broker, subscribed to
 * topic {@code args[1]} (in queue group {@code args[2]} unless it is {@code -}), printing {@code GOT <text>}
 * for every message and {@code READY} once started. The registry comes from {@code -Dmicro.registry}.
 */
final class BrokerNodeMain {

    private BrokerNodeMain() {}

    public static void main(String[] args) {
        String name = args[0];
        String topic = args[1];
        String queue = args[2];
        Service.Builder builder = Micro.service(name);
        if (queue.equals("-")) {
            builder.subscribe(topic, String.class, BrokerNodeMain::print);
        } else {
            builder.subscribe(topic, queue, String.class, BrokerNodeMain::print);
        }
        Service service = builder.build();
        service.start().block();
        System.out.println("READY");
        System.out.flush();
        service.run();
    }

    private static Mono<Void> print(String text) {
        return Mono.fromRunnable(() -> {
            System.out.println("GOT " + text);
            System.out.flush();
        });
    }
}
