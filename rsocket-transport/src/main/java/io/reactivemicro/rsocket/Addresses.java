package io.reactivemicro.rsocket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;

/** Parses node addresses: {@code host:port}, {@code [v6]:port} (TCP) and {@code ws://host:port[/path]}. */
final class Addresses {

    private Addresses() {}

    static boolean isWebSocket(String address) {
        return address.startsWith("ws://") || address.startsWith("wss://");
    }

    /** {@code host:port} → an unresolved socket address; throws {@link IllegalArgumentException} if malformed. */
    static InetSocketAddress hostPort(String address) {
        if (isWebSocket(address)) {
            URI uri = URI.create(address);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("address: " + address + " (expected: ws://host:port[/path])");
            }
            return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address: " + address + " (expected: host:port)");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("address: " + address + " (expected: host:port)", e);
        }
    }

    static String path(String address) {
        String path = URI.create(address).getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * The address to advertise for a server bound to {@code bound}: a wildcard bind is replaced by this
     * machine's first site-local IPv4 address (as Go Micro does), else loopback.
     */
    static String advertise(String requested, InetSocketAddress bound) {
        InetAddress ip = bound.getAddress();
        String host = ip.isAnyLocalAddress() ? reachableHost() : ip.getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        String hostPort = host + ":" + bound.getPort();
        return isWebSocket(requested) ? "ws://" + hostPort + path(requested) : hostPort;
    }

    private static String reachableHost() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no usable interface list: fall back to loopback
        }
        return "127.0.0.1";
    }
}
