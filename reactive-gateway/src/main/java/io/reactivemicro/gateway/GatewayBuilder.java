package io.reactivemicro.gateway;

import io.reactivemicro.Service;
import io.reactivemicro.plugin.Plugins;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The one {@link Gateway.Builder}: checks each argument at once, fills in the defaults in {@link #build()}. */
final class GatewayBuilder implements Gateway.Builder {

    static final String ADDRESS_KEY = "MICRO_API_ADDRESS";
    static final String DEFAULT_ADDRESS = "127.0.0.1:8080";
    static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    final Service service;

    @Nullable
    String address;

    boolean dashboard;
    List<String> corsOrigins = List.of();
    int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    List<String> forwardHeaders = List.of();

    GatewayBuilder(Service service) {
        this.service = service;
    }

    @Override
    public Gateway.Builder address(String hostPort) {
        HostPort.parse(Objects.requireNonNull(hostPort, "hostPort"));
        this.address = hostPort;
        return this;
    }

    @Override
    public Gateway.Builder dashboard(boolean on) {
        this.dashboard = on;
        return this;
    }

    @Override
    public Gateway.Builder corsOrigins(List<String> origins) {
        this.corsOrigins = texts(origins, "origins");
        return this;
    }

    @Override
    public Gateway.Builder maxBodyBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes: " + bytes + " (expected: > 0)");
        }
        this.maxBodyBytes = bytes;
        return this;
    }

    @Override
    public Gateway.Builder forwardHeaders(List<String> allowList) {
        this.forwardHeaders = texts(allowList, "allowList");
        return this;
    }

    @Override
    public Gateway build() {
        String hostPort = address != null ? address : Plugins.setting(ADDRESS_KEY, DEFAULT_ADDRESS);
        return new DefaultGateway(this, HostPort.parse(hostPort));
    }

    /** A copy of {@code values}, none of them null or blank. */
    private static List<String> texts(List<String> values, String name) {
        Objects.requireNonNull(values, name);
        for (String value : values) {
            Objects.requireNonNull(value, name + " element");
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + ": a blank element");
            }
        }
        return List.copyOf(values);
    }

    /** A {@code host:port} to bind. */
    record HostPort(String host, int port) {
        static HostPort parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("address: " + hostPort + " (expected: host:port)");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address: " + hostPort + " (expected: host:port)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("address: " + hostPort + " (expected: port 0..65535)");
            }
            return new HostPort(host, port);
        }
    }
}
