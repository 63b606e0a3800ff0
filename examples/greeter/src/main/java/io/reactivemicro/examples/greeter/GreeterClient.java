package io.reactivemicro.examples.greeter;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a running greeter once per interaction. Needs a registry both processes share, or {@code
 * MICRO_GREETER_ADDRESS} set to the server's address.
 */
public final class GreeterClient {

    private static final Logger log = LoggerFactory.getLogger(GreeterClient.class);

    private GreeterClient() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "World";
        Service caller = Micro.service("greeter-client").build();
        caller.start().block();
        try {
            String address = System.getenv("MICRO_GREETER_ADDRESS");
            io.reactivemicro.CallOptions options = address == null
                    ? io.reactivemicro.CallOptions.defaults()
                    : io.reactivemicro.CallOptions.builder().address(address).build();
            Greeter greeter = caller.client().proxy(Greeter.class, "greeter", options);
            Walkthrough.run(greeter, name, line -> log.info("{}", line));
        } finally {
            caller.stop().block();
        }
    }
}
