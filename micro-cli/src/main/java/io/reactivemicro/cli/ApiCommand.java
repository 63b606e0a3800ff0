package io.reactivemicro.cli;

import picocli.CommandLine.Command;

/** {@code micro api}: the HTTP API gateway (HTTP/JSON, SSE, NDJSON and WebSocket to RPC). */
@Command(
        name = "api",
        description = {
            "Serves the HTTP API gateway until Ctrl-C: POST /{service}/{Interface}/{method} with a JSON body, /rpc,"
                    + " server streams as SSE or NDJSON, bidirectional ones over WebSocket.",
            "Address: --address, else MICRO_API_ADDRESS, else 127.0.0.1:8080."
        })
final class ApiCommand extends GatewayCommand {

    @Override
    String addressKey() {
        return "MICRO_API_ADDRESS";
    }

    @Override
    String defaultAddress() {
        return DemoCommand.GATEWAY_ADDRESS;
    }

    @Override
    boolean dashboard() {
        return false;
    }
}
