package io.reactivemicro.cli;

import io.reactivemicro.Micro;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.transport.Transport;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What one command run talks through: the registry and broker named by the global options (else {@code
 * MICRO_REGISTRY}/{@code micro.registry} and the other settings, else the defaults), and a client-only service
 * called {@code micro-cli} on them (never started: nothing bound, nothing registered). Closing it closes all three.
 */
final class Session implements AutoCloseable {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** How long a lookup on mDNS waits for other processes' answers. */
    static final Duration MDNS_SETTLE = Duration.ofSeconds(2);

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
        Transport transport = Transport.fromConfig();
        String brokerName = options.broker != null && !options.broker.isBlank()
                ? options.broker.trim()
                : Plugins.setting("MICRO_BROKER");
        Broker broker = brokerName == null
                ? Broker.fromConfig(registry, transport)
                : Broker.named(
                        brokerName, setting(options.brokerAddress, "MICRO_BROKER_ADDRESS", ""), registry, transport);
        return new Session(registry, broker, output, stdin, interactive);
    }

    /** A flag wins over the system property, which wins over the environment, which wins over the default. */
    private static String setting(@Nullable String flag, String key, String fallback) {
        return flag != null && !flag.isBlank() ? flag.trim() : Plugins.setting(key, fallback);
    }

    /**
     * The records of {@code service}. A fresh mDNS registry learns other processes' services from answers that
     * arrive over a moment, so there an empty answer is asked again for up to {@link #MDNS_SETTLE}; other
     * registries answer at once.
     */
    List<ServiceRecord> find(String service) {
        Mono<List<ServiceRecord>> lookup = registry.getService(service);
        if (!isMdns()) {
            return Objects.requireNonNullElse(lookup.block(CLOSE_WAIT), List.of());
        }
        return lookup.filter(records -> !records.isEmpty())
                .repeatWhenEmpty(repeat -> repeat.delayElements(Duration.ofMillis(200)))
                .timeout(MDNS_SETTLE, Mono.just(List.of()))
                .block(CLOSE_WAIT);
    }

    /** Every service; with mDNS, asked again after {@link #MDNS_SETTLE} so that late answers are in. */
    List<ServiceRecord> all() {
        Mono<List<ServiceRecord>> list = registry.listServices();
        if (isMdns()) {
            list = list.then(Mono.delay(MDNS_SETTLE)).then(registry.listServices());
        }
        return Objects.requireNonNullElse(list.block(CLOSE_WAIT), List.of());
    }

    /** 404 naming the registry; on mDNS, how long it listened and what to check. */
    MicroException notFound(String service) {
        return MicroException.notFound(
                "micro-cli",
                "service %s not found in registry %s%s",
                service,
                registry.describe(),
                isMdns()
                        ? " after listening " + MDNS_SETTLE.toSeconds() + " s (is it running? is multicast on?"
                                + " On Linux loopback: ip link set lo multicast on)"
                        : "");
    }

    private boolean isMdns() {
        return registry.describe().startsWith("mdns");
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
        if (plugin != shared && plugin instanceof reactor.core.Disposable disposable) {
            disposable.dispose();
        } else if (plugin != shared && plugin instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", plugin, e.toString());
            }
        }
    }
}
