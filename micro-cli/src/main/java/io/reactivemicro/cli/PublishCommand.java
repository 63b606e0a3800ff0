package io.reactivemicro.cli;

import io.reactivemicro.broker.Broker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code micro publish TOPIC JSON}: one message through the broker, as a service's client would send it. */
@Command(
        name = "publish",
        description = {
            "Publishes a JSON message on TOPIC through the broker (--broker).",
            "The default rsocket broker reaches subscribers in other processes; memory stays in this one."
        })
final class PublishCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;

    @Parameters(index = "1", paramLabel = "JSON", description = "the message, or - for stdin")
    String json;

    @Override
    int run(Session session) {
        JsonNode message = json.equals("-")
                ? Bodies.parse(Bodies.read(session.stdin, "standard input"), "standard input")
                : Bodies.parse(json, "the message");
        session.client.client().publish(topic, message).block(Session.CLOSE_WAIT);
        if (session.broker == Broker.sharedMemory()) {
            session.output
                    .err()
                    .println("note: broker memory is in-process: only subscribers in this process receive it;"
                            + " use --broker rsocket, nats, redis or rabbitmq to reach others");
            session.output.err().flush();
        }
        session.output.line("published to " + topic + " (broker " + session.broker.describe() + ")");
        return 0;
    }
}
