package dev.runledger.functions.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Server-Sent Events a stream sends: each message's {@code event} name with the record its {@code data} is.
 * OpenAPI 3.1 has no words for a stream's messages; the document lists them under {@code x-sse-messages}, and the
 * harness checks each message it reads against them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Streamed {

    /** The messages, by event name. */
    Message[] value();

    /** One kind of message. */
    @interface Message {
        String event();

        Class<?> data();
    }
}
