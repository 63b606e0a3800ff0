package io.reactivemicro.store;

import io.reactivemicro.MicroException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Key and name rules every {@link Store} implementation applies, so that all backends accept and reject the
 * same keys: a key is 1 to {@value Store#MAX_KEY_LENGTH} characters of valid UTF-16 without control
 * characters; a database or table name is a letter or {@code _} then letters, digits or {@code _}, at most 63
 * (a PostgreSQL identifier without quoting).
 */
public final class Keys {

    private Keys() {}

    static void notNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** {@code value} when it is a valid database or table name; else an {@link IllegalArgumentException}. */
    public static String name(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + ": '" + value + "' (expected: a letter or _, then letters, digits or _, at most 63)");
        }
        return value;
    }

    /** A 400 {@link MicroException} saying what is wrong with {@code key}, or null when it is valid. */
    public static @Nullable MicroException badKey(String store, String key) {
        if (key.isEmpty()) {
            return MicroException.badRequest(store, "empty key");
        }
        if (key.length() > Store.MAX_KEY_LENGTH) {
            return MicroException.badRequest(
                    store, "key of %d characters (expected: at most %d)", key.length(), Store.MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return MicroException.badRequest(
                        store, "key '%s' holds control character U+%04X at %d", printable(key), (int) c, i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < key.length()
                        && Character.isLowSurrogate(key.charAt(i + 1));
                if (!paired) {
                    return MicroException.badRequest(store, "key holds an unpaired surrogate at %d", i);
                }
                i++;
            }
        }
        return null;
    }

    private static String printable(String key) {
        StringBuilder sb = new StringBuilder();
        key.codePoints().limit(64).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
