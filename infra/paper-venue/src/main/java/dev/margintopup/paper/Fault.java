package dev.margintopup.paper;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the paper venue plays on the next {@code remaining} requests whose path starts with
 * {@code pathPrefix}, so that tests can prove a transfer happens exactly once whatever the wire does.
 *
 * @param delay how long a {@link Type#DELAY} holds the request; zero for the other types
 */
public record Fault(Type type, String pathPrefix, int remaining, Duration delay) {

    public enum Type {
        /** Apply the request, then drop the connection without a response: the caller cannot tell. */
        LOSE_RESPONSE,
        /** Answer 500 without applying the request. */
        HTTP_500,
        /** Answer 429 with Retry-After without applying the request. */
        HTTP_429,
        /** Wait {@code delay}, then handle the request normally. */
        DELAY
    }

    public Fault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(delay, "delay");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
    }

    public static Fault loseResponse(String pathPrefix) {
        return new Fault(Type.LOSE_RESPONSE, pathPrefix, 1, Duration.ZERO);
    }

    public static Fault http500(String pathPrefix) {
        return new Fault(Type.HTTP_500, pathPrefix, 1, Duration.ZERO);
    }

    public static Fault http429(String pathPrefix) {
        return new Fault(Type.HTTP_429, pathPrefix, 1, Duration.ZERO);
    }

    public static Fault delay(String pathPrefix, Duration delay) {
        return new Fault(Type.DELAY, pathPrefix, 1, delay);
    }

    /** The same fault, played on the next {@code count} matching requests. */
    public Fault times(int count) {
        return new Fault(type, pathPrefix, count, delay);
    }

    Fault consumeOne() {
        return remaining == 1 ? null : new Fault(type, pathPrefix, remaining - 1, delay);
    }
}
