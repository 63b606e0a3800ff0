package io.reactivemicro.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.reactivemicro.Debug;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Resolves {@code service + Interface.method} (case-insensitive) to the registered endpoint, from the
 * service's cached registry. The per-service lookup table is derived once per registry record list (the cache
 * hands back the same list until the service changes), so a request costs two map reads.
 */
final class Routes {

    private static final String DEBUG = Debug.class.getSimpleName();

    /** A resolved route: the service and the endpoint as registered (its exact name and stream shape). */
    record Route(String service, EndpointRecord endpoint) {
        String name() {
            return service + " " + endpoint.name();
        }
    }

    private final Registry registry;
    private final Cache<String, Table> tables = Caffeine.newBuilder()
            .executor(Runnable::run) // as CachingRegistry's: no pool thread woken per few dozen reads
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    Routes(Registry registry) {
        this.registry = registry;
    }

    /**
     * The route of {@code api.method} ({@code api} null: the service's only interface besides {@code Debug}).
     * Fails with 404 when the service or the endpoint is unknown.
     */
    Mono<Route> resolve(String service, @Nullable String api, String method) {
        return registry.getService(service).map(records -> {
            if (records.isEmpty()) {
                throw MicroException.notFound(
                        Json.ID, "service %s not found in registry %s", service, registry.describe());
            }
            Table table = tables.getIfPresent(service);
            if (table == null || table.source != records) {
                table = new Table(records);
                tables.put(service, table);
            }
            EndpointRecord ep = table.find(api, method);
            if (ep == null) {
                throw MicroException.notFound(
                        Json.ID,
                        "service %s has no endpoint %s%s",
                        service,
                        api == null ? method : api + "." + method,
                        api == null && table.apis.size() != 1
                                ? " (it has " + table.apis.size() + " interfaces: name one, /" + service
                                        + "/{Interface}/" + method + ")"
                                : "");
            }
            return new Route(service, ep);
        });
    }

    /** One service's endpoints, by lower-case full name and, when it has one interface, by method alone. */
    private static final class Table {
        final List<ServiceRecord> source;
        final Map<String, EndpointRecord> byName = new HashMap<>();
        final Map<String, EndpointRecord> byMethod = new HashMap<>();
        final Set<String> apis = new HashSet<>();

        Table(List<ServiceRecord> records) {
            this.source = records;
            for (ServiceRecord record : records) {
                for (EndpointRecord ep : record.endpoints()) {
                    String name = ep.name();
                    byName.putIfAbsent(name.toLowerCase(Locale.ROOT), ep);
                    int dot = name.indexOf('.');
                    String api = dot < 0 ? name : name.substring(0, dot);
                    if (!api.equals(DEBUG)) {
                        apis.add(api);
                        byMethod.putIfAbsent(name.substring(dot + 1).toLowerCase(Locale.ROOT), ep);
                    }
                }
            }
        }

        @Nullable
        EndpointRecord find(@Nullable String api, String method) {
            if (api != null) {
                return byName.get((api + "." + method).toLowerCase(Locale.ROOT));
            }
            return apis.size() == 1 ? byMethod.get(method.toLowerCase(Locale.ROOT)) : null;
        }
    }
}
