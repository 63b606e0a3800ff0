package io.reactivemicro.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar benchmarks.jar compare [--quick] [--json FILE]}, {@code jmh [JMH args]}, or (for the
 * harness's child JVMs) {@code serve KIND}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "compare" -> Compare.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
            case "serve" -> serve(rest);
            default ->
                System.out.println("usage: java -jar benchmarks.jar compare [--quick] [--json FILE]"
                        + " [--only unary,stream,channel,pubsub,gateway,memory[,reactive-micro,raw-rsocket,grpc-java]]\n"
                        + "       java -jar benchmarks.jar jmh [JMH options, e.g. -prof gc]");
        }
    }

    /** Serves until standard input closes (the harness holds the other end). */
    private static void serve(List<String> args) throws Exception {
        List<BenchServer> servers = args.get(0).equals(Memory.IDLE_SERVICES)
                ? Memory.serveIdleServices(Integer.parseInt(args.get(1)))
                : List.of(BenchServer.start(args.get(0)));
        System.out.println(ChildServer.LISTENING + servers.get(0).port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // the harness never writes; end of input means it is done or gone
            }
        }
        servers.forEach(BenchServer::close);
        System.exit(0);
    }
}
