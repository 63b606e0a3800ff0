package io.reactivemicro.rsocket;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import java.time.Duration;

/**
 * A test node in its own process: serves {@link TestApi} as {@code -Dcluster.service} (default {@code cluster}) with the registry the system
 * properties name ({@code -Dmicro.registry=etcd}), prints {@code READY <address>} once registered, and stops
 * gracefully on SIGTERM. Its handler answers {@code TestApi.where} with {@code args[0]}.
 */
public final class NodeMain {

    private NodeMain() {}

    public static void main(String[] args) {
        Service service = Micro.service(System.getProperty("cluster.service", "cluster"))
                .handler(TestApi.class, new TestApi.Handler(args[0]))
                .registerTtl(Duration.ofSeconds(Long.getLong("ttl.seconds", 10)))
                .registerInterval(Duration.ofSeconds(Long.getLong("ttl.seconds", 10) / 3))
                .gracePeriod(Duration.ofSeconds(5))
                .build();
        service.start().block(Duration.ofSeconds(30));
        System.out.println("READY " + service.server().address().orElseThrow());
        System.out.flush();
        service.run();
    }
}
