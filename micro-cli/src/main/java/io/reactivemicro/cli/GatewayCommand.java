package io.reactivemicro.cli;

import io.reactivemicro.gateway.Gateway;
import io.reactivemicro.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code micro api} and {@code micro web}: a {@link Gateway} on the session's client, served until Ctrl-C. */
abstract class GatewayCommand extends SessionCommand {

    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description = "where to listen (default: see above; port 0 picks a free one)")
    @Nullable
    String address;

    @Option(
            names = "--cors-origin",
            paramLabel = "ORIGIN",
            description = "an origin browsers may call from (repeatable; * for any). Default: none")
    List<String> corsOrigins = new ArrayList<>();

    @Option(
            names = "--forward-header",
            paramLabel = "NAME",
            description = "an HTTP header passed on as a call header (repeatable). Authorization always is")
    List<String> forwardHeaders = new ArrayList<>();

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "the largest request body; larger ones answer 413. Default: 1048576")
    int maxBodyBytes = 1024 * 1024;

    /** The setting naming the address, e.g. {@code MICRO_API_ADDRESS}. */
    abstract String addressKey();

    /** The address without a flag or setting. */
    abstract String defaultAddress();

    /** Whether this command serves the dashboard. */
    abstract boolean dashboard();

    @Override
    int run(Session session) {
        Gateway gateway = start(
                session,
                address != null ? address : Plugins.setting(addressKey(), defaultAddress()),
                dashboard(),
                corsOrigins,
                forwardHeaders,
                maxBodyBytes);
        session.output.line((dashboard() ? "Web dashboard" : "HTTP API gateway") + " on http://" + hostPort(gateway)
                + "/  (registry " + session.registry.describe() + ")");
        return serveUntilStopped(session, () -> gateway.stop().block(Session.CLOSE_WAIT), name());
    }

    private String name() {
        return dashboard() ? "web" : "api";
    }

    /** Starts a gateway calling through {@code session}'s client; a failure to bind is a configuration error. */
    static Gateway start(
            Session session,
            String address,
            boolean dashboard,
            List<String> corsOrigins,
            List<String> forwardHeaders,
            int maxBodyBytes) {
        Gateway gateway = Gateway.builder(session.client)
                .address(address)
                .dashboard(dashboard)
                .corsOrigins(corsOrigins)
                .forwardHeaders(forwardHeaders)
                .maxBodyBytes(maxBodyBytes)
                .build();
        gateway.start().block(Session.CLOSE_WAIT);
        return gateway;
    }

    static String hostPort(Gateway gateway) {
        return gateway.address().getHostString() + ":" + gateway.address().getPort();
    }
}
