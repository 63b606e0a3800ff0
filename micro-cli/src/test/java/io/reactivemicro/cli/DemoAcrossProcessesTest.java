package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code micro demo} in one process, {@code micro services} and {@code micro call} in this one, both on the default
 * registry (mDNS): what a second terminal sees. Needs multicast (on Linux loopback: {@code ip link set lo multicast
 * on}, as CI does): integration.
 */
@Tag("integration")
class DemoAcrossProcessesTest {

    @Test
    void aSecondProcessSeesAndCallsTheDemoThroughMdns() throws Exception {
        try (Subprocess demo = Subprocess.micro("demo")) {
            demo.awaitLine(l -> l.equals("Serving until Ctrl-C."), Duration.ofSeconds(90));
            assertThat(demo.output()).anyMatch(l -> l.contains("registry mdns"));
            Cli.Result services = Cli.run("services");
            assertThat(services.code()).as(services.err()).isZero();
            assertThat(services.out())
                    .containsPattern("greeter +1\\.0\\.0 +1")
                    .contains("quotes", "inbox", "publisher");
            Cli.Result call = Cli.run("call", "greeter", "Greeter.hello", "{\"name\":\"John\"}");
            assertThat(call.err()).isEmpty();
            assertThat(call.out()).isEqualTo("{\n  \"greeting\" : \"Hello, John!\"\n}\n");
            demo.signal("INT");
            assertThat(demo.exitCode(Duration.ofSeconds(60))).isEqualTo(130);
        }
    }
}
