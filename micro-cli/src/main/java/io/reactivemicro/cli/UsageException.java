package io.reactivemicro.cli;

/** Bad input from the user (malformed JSON, unreadable file, conflicting arguments): exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
