package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The demo's services, and every command it tells the user to paste, run against them. */
class DemoTest {

    @Test
    void everyPastedCommandWorksAgainstTheDemo() {
        MicroCommand options = new MicroCommand(InputStream.nullInputStream(), false);
        options.registry = "memory";
        try (Session session = Session.open(
                        options,
                        new Output(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false),
                        new ByteArrayInputStream(new byte[0]),
                        false);
                DemoServices demo = DemoServices.start(session)) {
            List<String> lines = DemoCommand.tryLines(session);
            assertThat(lines).hasSize(9).allMatch(l -> l.startsWith("./micro --registry memory "));
            for (String line : lines) {
                if (line.contains("Quotes.watch")) {
                    continue; // endless until Ctrl-C: StreamCancelTest covers that; the stream itself is below
                }
                Cli.Result r = Cli.run(words(line.substring("./micro ".length())));
                assertThat(r.code()).as("%s: %s", line, r.err()).isZero();
                assertThat(r.out()).as(line).isNotBlank();
            }
            assertThat(Cli.run(words("--registry memory services")).out())
                    .contains("greeter", "quotes", "inbox", "publisher");
            assertThat(Cli.run(words("--registry memory call greeter Greeter.hello --name=Jane"))
                            .out())
                    .contains("Hello, Jane!");
            StepVerifier.create(session.client.client().stream(
                                    "quotes", "Quotes.watch", new Quotes.QuoteRequest("ACME", 10), JsonNode.class)
                            .take(3)
                            .map(q -> q.get("sequence").asLong()))
                    .expectNext(0L, 1L, 2L)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
    }

    /** Splits a pasted line as a shell would: words, and 'single-quoted' words; a # starts a comment. */
    static String[] words(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(#.*)|(\\S+)").matcher(line);
        while (m.find()) {
            if (m.group(2) != null) {
                break;
            }
            words.add(m.group(1) != null ? m.group(1) : m.group(3));
        }
        return words.toArray(String[]::new);
    }
}
