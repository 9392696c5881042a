package io.datastream.normalize;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.datastream.model.EventJson;

/**
 * Field access for Kraken frames, where prices and quantities are JSON numbers: they are read as BigDecimal from the
 * raw token (the shared mapper keeps the scale), so {@code 0.10000000} stays {@code "0.10000000"} and
 * {@code -6.2604214e-11} becomes {@code "-0.000000000062604214"}. Every failure names the field and the message kind.
 */
final class KrakenFields {

    private static final ObjectReader READER = EventJson.mapper().reader();

    private KrakenFields() {
    }

    static JsonNode parseObject(String frame) {
        if (frame == null || frame.isBlank()) {
            throw new BadFrameException(BadFrameException.EMPTY_FRAME, "empty frame");
        }
        JsonNode root;
        try {
            root = READER.readTree(frame);
        } catch (JsonProcessingException ex) {
            throw new BadFrameException(BadFrameException.MALFORMED_JSON, "malformed JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject()) {
            throw new BadFrameException(BadFrameException.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        return root;
    }

    static JsonNode required(JsonNode o, String field, String kind) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new BadFrameException(BadFrameException.MISSING_FIELD, kind + ": missing field '" + field + "'");
        }
        return v;
    }

    static String text(JsonNode o, String field, String kind) {
        JsonNode v = required(o, field, kind);
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw invalid(field, kind, "expected a non-empty string, got " + v);
        }
        return v.textValue();
    }

    static String decimal(JsonNode o, String field, String kind) {
        return plain(required(o, field, kind), field, kind);
    }

    static String optDecimal(JsonNode o, String field, String kind) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : plain(v, field, kind);
    }

    /** The exact decimal text of a JSON number token, in plain notation, scale kept. */
    static String plain(JsonNode v, String field, String kind) {
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw invalid(field, kind, "expected a number, got " + v);
    }

    static long integer(JsonNode o, String field, String kind) {
        JsonNode v = required(o, field, kind);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(field, kind, "expected an integer, got " + v);
        }
        return v.longValue();
    }

    /** An RFC3339 time ({@code 2023-10-06T17:35:55.440295Z}, up to nanoseconds) as epoch µs, digits beyond µs dropped. */
    static long rfc3339Micros(JsonNode o, String field, String kind) {
        String text = text(o, field, kind);
        try {
            Instant instant = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException ex) {
            throw invalid(field, kind, "expected an RFC3339 time, got '" + text + "'");
        }
    }

    /** An epoch-millisecond field as epoch µs. */
    static long millisMicros(JsonNode o, String field, String kind) {
        long millis = integer(o, field, kind);
        if (millis < 0) {
            throw invalid(field, kind, "negative time " + millis);
        }
        return millis * 1_000L;
    }

    static JsonNode array(JsonNode o, String field, String kind) {
        JsonNode v = required(o, field, kind);
        if (!v.isArray()) {
            throw invalid(field, kind, "expected an array, got " + v.getNodeType());
        }
        return v;
    }

    static String side(JsonNode o, String field, String kind) {
        String side = text(o, field, kind);
        if (!"buy".equals(side) && !"sell".equals(side)) {
            throw invalid(field, kind, "expected buy or sell, got '" + side + "'");
        }
        return side;
    }

    static BadFrameException invalid(String field, String kind, String detail) {
        return new BadFrameException(BadFrameException.INVALID_FIELD, kind + ": invalid field '" + field + "': " + detail);
    }
}
