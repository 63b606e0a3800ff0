package io.reactivemicro.store.postgres;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The JDK reads {@code net.properties} once, when the first socket of the JVM is made; reactor-netty makes that
 * socket on an event loop. A one-time class initialisation, not a blocking call on the hot path.
 */
public final class JdkInitAllowance implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.net.NetProperties", "loadDefaultProperties");
    }
}
