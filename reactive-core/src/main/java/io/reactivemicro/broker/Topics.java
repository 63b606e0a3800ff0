package io.reactivemicro.broker;

import io.reactivemicro.MicroException;
import java.util.Objects;

/**
 * The one rule for topic names, shared by every broker and events plugin so that a name valid on one backend
 * is valid on all: 1 to 255 characters from {@code A-Z a-z 0-9 . _ - : /}, not starting or ending with a dot
 * and without empty segments ({@code ".."}). Wildcards ({@code * > #}) and whitespace are refused because
 * NATS, RabbitMQ and Redis would read them as patterns.
 */
public final class Topics {

    /** The longest topic name accepted. */
    public static final int MAX_LENGTH = 255;

    private Topics() {}

    /**
     * Returns {@code topic} when valid; otherwise throws a 400 {@link MicroException} naming the component
     * {@code id} and the rule broken. {@code null} throws {@link NullPointerException}.
     */
    public static String check(String id, String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.length() > MAX_LENGTH) {
            throw MicroException.badRequest(id, "topic: '%s' (expected: 1 to %d characters)", topic, MAX_LENGTH);
        }
        if (topic.startsWith(".") || topic.endsWith(".") || topic.contains("..")) {
            throw MicroException.badRequest(id, "topic: '%s' (expected: no empty dot-separated segment)", topic);
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-'
                    || c == ':'
                    || c == '/';
            if (!ok) {
                throw MicroException.badRequest(
                        id, "topic: '%s' has '%c' (expected: only A-Z a-z 0-9 . _ - : /)", topic, c);
            }
        }
        return topic;
    }
}
