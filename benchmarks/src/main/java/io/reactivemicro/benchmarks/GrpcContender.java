package io.reactivemicro.benchmarks;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java over its Netty transport: one {@link ManagedChannel} (one HTTP/2 connection, as Reactive Micro and
 * raw RSocket use one connection), with the direct executor on both sides, gRPC's fastest setting (its
 * performance guide's advice for non-blocking handlers): callbacks run on the Netty event loop, as Reactor's do.
 */
final class GrpcContender implements Contender {

    static final String NAME = "grpc-java";

    private final ManagedChannel channel;

    GrpcContender(int port) {
        this.channel = NettyChannelBuilder.forAddress(BenchServer.HOST, port)
                .usePlaintext()
                .directExecutor()
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void unary(Completion done) {
        ClientCalls.asyncUnaryCall(
                channel.newCall(GrpcBench.UNARY, CallOptions.DEFAULT), Payloads.MESSAGE_BYTES, new Counting(done));
    }

    @Override
    public void stream(int count, Completion done) {
        ClientCalls.asyncServerStreamingCall(
                channel.newCall(GrpcBench.STREAM, CallOptions.DEFAULT), Payloads.countBytes(count), new Counting(done));
    }

    @Override
    public void channel(int count, Completion done) {
        ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcBench.CHANNEL, CallOptions.DEFAULT), new Sending(count, done));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts replies; reports at the end of the call. */
    private static class Counting implements StreamObserver<byte[]> {
        private final Completion done;
        private long received;

        Counting(Completion done) {
            this.done = done;
        }

        @Override
        public void onNext(byte[] value) {
            received++;
        }

        @Override
        public void onError(Throwable t) {
            done.fail(t);
        }

        @Override
        public void onCompleted() {
            done.complete(received);
        }
    }

    /** Sends {@code count} messages while the transport is ready, then half-closes. */
    private static final class Sending extends Counting implements ClientResponseObserver<byte[], byte[]> {
        private final int count;
        private int sent;

        Sending(int count, Completion done) {
            super(done);
            this.count = count;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<byte[]> requests) {
            requests.setOnReadyHandler(() -> {
                while (sent < count && requests.isReady()) {
                    requests.onNext(Payloads.MESSAGE_BYTES);
                    sent++;
                }
                if (sent == count) {
                    sent++;
                    requests.onCompleted();
                }
            });
        }
    }
}
