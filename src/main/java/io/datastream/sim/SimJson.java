package io.datastream.sim;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Lenient JSON parsing for simulated protocols: a frame that is not a JSON object is simply not theirs. */
final class SimJson {

    private SimJson() {
    }

    static Optional<JsonNode> parse(ObjectMapper mapper, String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
