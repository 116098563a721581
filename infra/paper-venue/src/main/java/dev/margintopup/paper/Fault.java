package dev.margintopup.paper;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the paper venue plays on the next {@code remaining} requests whose path starts with
 * {@code pathPrefix}, so that tests can prove a transfer happens exactly once whatever the wire does.
 *
 * <p>A fault with a probability below 1 plays on each matching request only when a draw from a
 * {@link java.util.Random} seeded with {@code seed} falls below it; a request it lets through is
 * not counted and goes on to the next pending fault, or is served. The same seed and the same
 * sequence of requests play the same faults, so a scenario such as "30 % of transfer answers are
 * lost" replays identically.
 *
 * @param remaining how many requests it plays on; {@link #UNLIMITED} until withdrawn or cleared
 * @param delay how long a {@link Type#DELAY} or {@link Type#TIMEOUT} holds the request; zero otherwise
 * @param probability chance of playing on each matching request, in (0, 1]
 * @param seed seeds the draws of a probabilistic fault; unused at probability 1
 */
public record Fault(Type type, String pathPrefix, int remaining, Duration delay, double probability, long seed) {

    /** A {@code remaining} that never runs out. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public enum Type {
        /** Apply the request, then drop the connection without a response: the caller cannot tell. */
        LOSE_RESPONSE,
        /** Answer 500 without applying the request. */
        HTTP_500,
        /** Answer 429 with Retry-After without applying the request. */
        HTTP_429,
        /**
         * Answer 503 with an HTML maintenance page, as the load balancer in front of a venue does
         * during maintenance, without applying the request.
         */
        HTTP_503,
        /** Wait {@code delay}, then handle the request normally. */
        DELAY,
        /**
         * Hold the request for {@code delay} without answering, then drop the connection without
         * applying it: a venue that hangs. Make the delay longer than the caller's timeout.
         */
        TIMEOUT
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
        if (type == Type.TIMEOUT && delay.isZero()) {
            throw new IllegalArgumentException("a TIMEOUT must hold the request for some time; give it a delay"
                    + " longer than the caller's timeout");
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be above 0 and at most 1, was " + probability);
        }
    }

    /** A fault that plays every time, before probabilities existed. */
    public Fault(Type type, String pathPrefix, int remaining, Duration delay) {
        this(type, pathPrefix, remaining, delay, 1.0, 0L);
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

    public static Fault http503(String pathPrefix) {
        return new Fault(Type.HTTP_503, pathPrefix, 1, Duration.ZERO);
    }

    public static Fault delay(String pathPrefix, Duration delay) {
        return new Fault(Type.DELAY, pathPrefix, 1, delay);
    }

    /** Holds the request for {@code hold}, then drops it unapplied. */
    public static Fault timeout(String pathPrefix, Duration hold) {
        return new Fault(Type.TIMEOUT, pathPrefix, 1, hold);
    }

    /** The same fault, played on the next {@code count} matching requests. */
    public Fault times(int count) {
        return new Fault(type, pathPrefix, count, delay, probability, seed);
    }

    /** The same fault, played until it is withdrawn or the faults are cleared. */
    public Fault unlimited() {
        return times(UNLIMITED);
    }

    /** The same fault, played on each matching request with this probability, drawn from {@code seed}. */
    public Fault withProbability(double probability, long seed) {
        return new Fault(type, pathPrefix, remaining, delay, probability, seed);
    }

    public boolean isUnlimited() {
        return remaining == UNLIMITED;
    }

    public boolean isProbabilistic() {
        return probability < 1;
    }

    Fault consumeOne() {
        if (isUnlimited()) {
            return this;
        }
        return remaining == 1 ? null : new Fault(type, pathPrefix, remaining - 1, delay, probability, seed);
    }
}
