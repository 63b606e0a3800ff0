package io.reactivemicro.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leaked Netty {@code ByteBuf} a failing test: every leak detector reports to this class (at level
 * {@code paranoid}, every buffer is tracked), and after each test class the garbage collector runs and any
 * leak reported fails that class. Registered automatically (see {@code junit-platform.properties}) in every
 * module that puts reactive-core's test-jar on its test classpath; a module without Netty's buffers is left
 * alone.
 */
public final class NettyLeakExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    // buffers, not just netty-common (reactive-core's timer): a module without ByteBuf has nothing to leak
    private static final boolean NETTY = isPresent("io.netty.buffer.ByteBuf");

    static {
        if (NETTY) {
            Detectors.install();
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, NettyLeakExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!NETTY) {
            return;
        }
        for (int i = 0; i < 3 && LEAKS.isEmpty(); i++) {
            System.gc();
            Thread.sleep(20);
            Detectors.flush();
        }
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        assertThat(found)
                .as("Netty ByteBuf leaks reported during %s", context.getDisplayName())
                .isEmpty();
    }

    /** Netty-touching code, loaded only when Netty is on the classpath. */
    private static final class Detectors {
        static void install() {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        }

        /** Leaks are reported when a detector next tracks a buffer: allocate one to flush the queue. */
        static void flush() {
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    LEAKS.add(resourceType + " leaked:" + records);
                    super.reportTracedLeak(resourceType, records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    LEAKS.add(resourceType + " leaked");
                    super.reportUntracedLeak(resourceType);
                }
            };
        }
    }
}
