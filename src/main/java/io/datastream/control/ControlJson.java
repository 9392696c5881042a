package io.datastream.control;

import java.util.Collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The control protocol's reply shapes (version 1); see the README for the full specification. */
final class ControlJson {

    static final int VERSION = 1;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlJson() {
    }

    /** A reply to a request: {@code v}, {@code op}, the request's {@code id} echoed, and {@code ok}. */
    static ObjectNode reply(String op, JsonNode id, boolean ok) {
        ObjectNode reply = MAPPER.createObjectNode().put("v", VERSION).put("op", op);
        reply.set("id", id);
        reply.put("ok", ok);
        return reply;
    }

    /** A request-level error: the whole request was refused (no per-channel results). */
    static ObjectNode error(String op, JsonNode id, ErrorCode code, String message) {
        return reply(op, id, false).put("code", code.wire()).put("error", message);
    }

    static ArrayNode results(Collection<ChannelResult> results) {
        ArrayNode array = MAPPER.createArrayNode();
        for (ChannelResult result : results) {
            ObjectNode node = array.addObject().put("channel", result.channel());
            if (result.isOk()) {
                node.put("result", "ok");
            } else {
                node.put("result", "error").put("code", result.code().wire()).put("error", result.message());
            }
        }
        return array;
    }

    static String text(JsonNode node) {
        return node.toString();
    }
}
