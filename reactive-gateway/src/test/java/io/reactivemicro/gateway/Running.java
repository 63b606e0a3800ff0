package io.reactivemicro.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real services and a real gateway on loopback, in one in-memory registry: {@code greeter} serves {@link
 * Greeter}, {@code multi} serves {@link Greeter} and {@link Clock}, and the gateway calls as {@code gateway}.
 */
final class Running implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final Registry registry = Registry.memory();
    final Greeter.Handler greeter = new Greeter.Handler();
    final List<Service> services = new CopyOnWriteArrayList<>();
    final Service caller;
    final Gateway gateway;
    final HttpClient http;

    Running(UnaryOperator<Gateway.Builder> settings) {
        start(Micro.service("greeter").version("1.0.0").handler(Greeter.class, greeter));
        start(Micro.service("multi")
                .handler(Greeter.class, new Greeter.Handler())
                .handler(Clock.class, new Clock.Handler()));
        caller = start(Micro.service("gateway"));
        gateway = settings.apply(Gateway.builder(caller).address("127.0.0.1:0")).build();
        gateway.start().block(WAIT);
        http = HttpClient.create()
                .baseUrl("http://127.0.0.1:" + gateway.address().getPort());
    }

    Service start(Service.Builder builder) {
        Service service = builder.registry(registry).build();
        service.start().block(WAIT);
        services.add(service);
        return service;
    }

    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Answer post(String path, String body) {
        return send(HttpMethod.POST, path, body, Map.of());
    }

    Answer get(String path) {
        return send(HttpMethod.GET, path, "", Map.of());
    }

    Answer send(HttpMethod method, String path, String body, Map<String, String> headers) {
        return http.headers(h -> headers.forEach(h::set))
                .request(method)
                .uri(path)
                .send(
                        body.isEmpty()
                                ? Mono.empty()
                                : ByteBufFlux.fromString(
                                        Mono.just(body), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Answer(res.status().code(), res.responseHeaders(), text)))
                .block(WAIT);
    }

    @Override
    public void close() {
        gateway.stop().block(WAIT);
        Flux.fromIterable(services).flatMap(Service::stop).blockLast(WAIT);
    }
}
