package io.reactivemicro.cli;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import java.io.InputStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one command run talks through: the registry and broker named by the global options (else {@code
 * MICRO_REGISTRY}/{@code micro.registry} and the other settings, else the defaults), and a client-only service
 * called {@code micro-cli} on them (never started: nothing bound, nothing registered). Closing it closes all three.
 */
final class Session implements AutoCloseable {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    final Registry registry;
    final Broker broker;
    final Service client;
    final Output output;
    final InputStream stdin;
    final boolean interactive;
    private boolean closed;

    private Session(Registry registry, Broker broker, Output output, InputStream stdin, boolean interactive) {
        this.registry = registry;
        this.broker = broker;
        this.client =
                Micro.service("micro-cli").registry(registry).broker(broker).build();
        this.output = output;
        this.stdin = stdin;
        this.interactive = interactive;
    }

    static Session open(MicroCommand options, Output output, InputStream stdin, boolean interactive) {
        Registry registry = Registry.named(
                setting(options.registry, "MICRO_REGISTRY", "mdns"),
                setting(options.registryAddress, "MICRO_REGISTRY_ADDRESS", ""));
        Broker broker = Broker.named(
                setting(options.broker, "MICRO_BROKER", "memory"),
                setting(options.brokerAddress, "MICRO_BROKER_ADDRESS", ""));
        return new Session(registry, broker, output, stdin, interactive);
    }

    /** A flag wins over the system property, which wins over the environment, which wins over the default. */
    private static String setting(@Nullable String flag, String key, String fallback) {
        return flag != null && !flag.isBlank() ? flag.trim() : Plugins.setting(key, fallback);
    }

    /** A service called {@code name} on this session's registry and broker, for the commands that serve. */
    Service.Builder service(String name) {
        return Micro.service(name).registry(registry).broker(broker);
    }

    /** Idempotent; a second caller (a signal's shutdown hook and the command itself) waits for the first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.stop().block(CLOSE_WAIT);
        closeIfOwned(registry, Registry.sharedMemory());
        closeIfOwned(broker, Broker.sharedMemory());
    }

    /** The JVM-wide memory instances outlive a command (tests run many in one JVM); plugins' are closed. */
    private static void closeIfOwned(Object plugin, Object shared) {
        if (plugin != shared && plugin instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", plugin, e.toString());
            }
        }
    }
}
