package io.reactivemicro;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that is safe to run twice. The client then retries it on another node even when the
 * request may already have reached a handler (the connection died after the request was written). Without
 * it, a request is retried only when it provably never reached a handler.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {}
