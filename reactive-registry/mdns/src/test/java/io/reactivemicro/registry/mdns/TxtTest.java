package io.reactivemicro.registry.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TxtTest {

    private static ServiceRecord record(int endpoints) {
        Random random = new Random(42);
        List<EndpointRecord> eps = new java.util.ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            eps.add(new EndpointRecord(
                    "Greeter.m" + i,
                    Map.of("type", "object", "noise", Long.toHexString(random.nextLong())),
                    Map.of("type", "object"),
                    "none",
                    Map.of()));
        }
        return new ServiceRecord(
                "greeter",
                "1.0.0",
                Map.of("team", "ünïcødé"),
                eps,
                List.of(new Node("n1", "127.0.0.1:9000", Map.of("transport", "rsocket"))));
    }

    @Test
    void aRecordSurvivesTheTripThroughTxtStringsOfAtMost255Bytes() {
        ServiceRecord rec = record(60);
        Map<String, byte[]> txt = Txt.encode(rec);
        assertThat(txt).isNotNull();
        assertThat(Integer.parseInt(new String(txt.get("n")))).isGreaterThan(1);
        txt.forEach((k, v) -> assertThat(k.length() + 1 + v.length).isLessThanOrEqualTo(255));
        assertThat(Txt.decode(txt::get)).isEqualTo(rec);
    }

    @Test
    void anInstanceWithAMissingChunkIsNotTrusted() {
        Map<String, byte[]> txt = new HashMap<>(Txt.encode(record(60)));
        txt.remove("c1");
        assertThat(Txt.decode(txt::get)).isNull();
        assertThat(Txt.decode(k -> null)).isNull();
    }

    @Test
    void aRecordTooLargeForOneDatagramIsRefused() {
        assertThat(Txt.encode(record(2000))).isNull();
    }

    @Test
    void instanceNamesAreDnsLabels() {
        ServiceRecord rec = record(0);
        String name = MdnsRegistry.instanceName(rec.withNodes(List.of()), new Node("x".repeat(300), "a:1", Map.of()));
        assertThat(name.length()).isLessThanOrEqualTo(63);
        assertThat(MdnsRegistry.port("127.0.0.1:9000")).isEqualTo(9000);
        assertThat(MdnsRegistry.port("ws://h:8080/rsocket")).isEqualTo(8080);
        assertThat(MdnsRegistry.port("nohost")).isZero();
    }
}
