package io.datastream.normalize;

import java.util.Objects;

/**
 * A frame the normalizer cannot make sense of. {@link #reason()} is a short code safe for metric labels; the message
 * gives the context (field, event type). No stack trace is captured: bad frames can arrive in floods and the message
 * says all there is to say.
 */
public class BadFrameException extends RuntimeException {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String UNKNOWN_EVENT = "unknown_event";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FIELD = "invalid_field";
    public static final String ERROR_REPLY = "error_reply";
    public static final String EMPTY_FRAME = "empty_frame";

    private final String reason;

    public BadFrameException(String reason, String message) {
        this(reason, message, null);
    }

    public BadFrameException(String reason, String message, Throwable cause) {
        super(message, cause, true, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Metric-safe code: one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
