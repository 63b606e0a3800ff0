package io.reactivemicro.benchmarks;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The gRPC-java service, declared with hand-written {@link MethodDescriptor}s whose marshaller passes
 * {@code byte[]} through: the bytes on the wire are exactly {@link Payloads#MESSAGE_BYTES}, as for the other
 * contenders (a .proto message would add its own field framing and a protobuf encode/decode step). The
 * server answers as the raw RSocket one does, and streams only while the transport is ready for more, as
 * RSocket's demand does.
 */
final class GrpcBench {

    static final String SERVICE = "bench.Bench";

    static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<byte[], byte[]> STREAM =
            method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);
    static final MethodDescriptor<byte[], byte[]> CHANNEL =
            method("Channel", MethodDescriptor.MethodType.BIDI_STREAMING);

    private GrpcBench() {}

    static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, replies) -> {
                    replies.onNext(request);
                    replies.onCompleted();
                }))
                .addMethod(STREAM, ServerCalls.asyncServerStreamingCall(GrpcBench::stream))
                .addMethod(CHANNEL, ServerCalls.asyncBidiStreamingCall(replies -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] message) {
                        replies.onNext(message);
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client cancelled: nothing left to answer
                    }

                    @Override
                    public void onCompleted() {
                        replies.onCompleted();
                    }
                }))
                .build();
    }

    private static void stream(byte[] request, StreamObserver<byte[]> observer) {
        int count = Payloads.parseCount(request);
        ServerCallStreamObserver<byte[]> replies = (ServerCallStreamObserver<byte[]>) observer;
        int[] sent = {0};
        replies.setOnReadyHandler(() -> {
            while (sent[0] < count && replies.isReady() && !replies.isCancelled()) {
                replies.onNext(Payloads.MESSAGE_BYTES);
                sent[0]++;
            }
            if (sent[0] == count) {
                sent[0]++;
                replies.onCompleted();
            }
        });
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(BytesMarshaller.INSTANCE)
                .setResponseMarshaller(BytesMarshaller.INSTANCE)
                .build();
    }

    /** {@code byte[]} as is. */
    private enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
