package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test helper: validates published JSON against the schemas in src/main/resources/schema (loaded from the classpath). */
public final class Schemas {

    public static final String BASE = "https://datastream.io/schema/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE, "classpath:schema/")));
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The schema for a channel type ({@code kline_1m} → kline.json). */
    public static JsonSchema forType(String type) {
        String name = type.startsWith(Channel.KLINE_PREFIX) ? "kline" : type;
        return CACHE.computeIfAbsent(name, n -> FACTORY.getSchema(SchemaLocation.of(BASE + n + ".json")));
    }

    public static Set<ValidationMessage> errors(String json) {
        JsonNode node = EventJson.read(json);
        return forType(node.get("type").asText()).validate(node);
    }

    public static void assertValid(String json) {
        assertThat(errors(json)).as("schema errors for %s", json).isEmpty();
    }
}
