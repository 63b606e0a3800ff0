package io.reactivemicro.gateway;

import java.time.Duration;

/**
 * What the gateway's {@code wrk} measurement runs against (docs/gateway.md): the test services and a gateway
 * on {@code 127.0.0.1:<port>} (default 18080), serving for at most {@code <seconds>} (default 120), then
 * stopping by itself.
 */
final class LoadTarget {

    private LoadTarget() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 120;
        try (Running running = new Running(b -> b.address("127.0.0.1:" + port))) {
            System.out.println("gateway at " + running.gateway.address() + " for " + seconds + " s");
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        }
    }
}
