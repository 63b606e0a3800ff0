package io.reactivemicro.cli;

import picocli.CommandLine.Command;

/** {@code micro web}: the web dashboard (services, schemas, call forms, live streams, publish, health). */
@Command(
        name = "web",
        description = {
            "Serves the web dashboard until Ctrl-C: services kept live by the registry watch, endpoint schemas, call"
                    + " forms, live streams, publish, node health.",
            "Address: --address, else MICRO_WEB_ADDRESS, else 127.0.0.1:8082."
        })
final class WebCommand extends GatewayCommand {

    @Override
    String addressKey() {
        return "MICRO_WEB_ADDRESS";
    }

    @Override
    String defaultAddress() {
        return DemoCommand.DASHBOARD_ADDRESS;
    }

    @Override
    boolean dashboard() {
        return true;
    }
}
