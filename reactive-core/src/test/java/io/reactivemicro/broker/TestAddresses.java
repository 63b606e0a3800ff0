package io.reactivemicro.broker;

/**
 * Where a plugin's integration tests find their server: the address the user configured for that plugin
 * ({@code MICRO_BROKER_ADDRESS} when {@code MICRO_BROKER} names it, likewise for {@code MICRO_EVENTS}), else the
 * plugin's local default. A server missing there fails the tests; it never skips them.
 */
public final class TestAddresses {

    private TestAddresses() {}

    /** {@code kind} is {@code "BROKER"} or {@code "EVENTS"}. */
    public static String of(String kind, String plugin, String fallback) {
        String selected = System.getenv("MICRO_" + kind);
        String address = System.getenv("MICRO_" + kind + "_ADDRESS");
        if (plugin.equalsIgnoreCase(selected) && address != null && !address.isBlank()) {
            return address.trim();
        }
        return fallback;
    }
}
