package io.reactivemicro.codec;

import org.jspecify.annotations.Nullable;

/** A value could not be encoded or decoded; the message names the cause (e.g. the JSON parse error). */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
