package io.reactivemicro.registry.mdns;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * {@code mdns}: the zero-config registry over multicast DNS, for processes on one machine or one LAN; selected by
 * {@code MICRO_REGISTRY=mdns}. The address ({@code MICRO_REGISTRY_ADDRESS}) is the IP of the interface to use; by
 * default jmdns picks this host's address. Multicast must work on that interface: see {@link MdnsRegistry}.
 */
public final class MdnsRegistryProvider implements RegistryProvider {

    @Override
    public String name() {
        return "mdns";
    }

    /**
     * A registry speaking mDNS on the interface with IP {@code address} (empty: the default one). Nothing is bound
     * until the first call. The returned registry is {@link AutoCloseable}: closing it withdraws its nodes.
     */
    @Override
    public Registry create(String address) {
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            return new MdnsRegistry(null);
        }
        try {
            return new MdnsRegistry(InetAddress.getByName(address.trim()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: '" + address + "' (expected: an interface IP)", e);
        }
    }
}
