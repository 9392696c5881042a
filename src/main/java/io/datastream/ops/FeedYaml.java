package io.datastream.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.datastream.exchange.StreamConfig;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the {@code exchange-feed} templatedRoute entries of a route file, and nothing else: the live symbol edits only
 * need each feed's route id, exchange, venue, symbols and types. Any other entry is left to Camel.
 */
final class FeedYaml {

    static final String FEED_TEMPLATE = "exchange-feed";

    private FeedYaml() {
    }

    /** The feeds of one file; IllegalArgumentException names the file and the problem. */
    static List<FeedDefinition> parse(String yaml, String file) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (document == null) {
            return List.of();
        }
        if (!(document instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ": expected a list of route entries at the top level");
        }
        List<FeedDefinition> feeds = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("templatedRoute") instanceof Map<?, ?> templated
                    && FEED_TEMPLATE.equals(templated.get("routeTemplateRef"))) {
                feeds.add(feed(templated, file));
            }
        }
        return feeds;
    }

    private static FeedDefinition feed(Map<?, ?> templated, String file) {
        Object routeId = templated.get("routeId");
        if (!(routeId instanceof String id) || id.isBlank()) {
            throw new IllegalArgumentException(file + ": an " + FEED_TEMPLATE + " templatedRoute needs a routeId");
        }
        Map<String, String> parameters = parameters(templated.get("parameters"), id, file);
        try {
            return new FeedDefinition(id, StreamConfig.of(parameters.get("exchange"), parameters.get("venue"),
                    parameters.get("symbols"), parameters.get("types")), file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ", feed " + id + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parameters(Object list, String routeId, String file) {
        Map<String, String> parameters = new HashMap<>();
        if (list == null) {
            return parameters;
        }
        if (!(list instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ", feed " + routeId + ": 'parameters' must be a list of name/value");
        }
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> parameter) || !(parameter.get("name") instanceof String name)) {
                throw new IllegalArgumentException(file + ", feed " + routeId + ": every parameter needs a 'name'");
            }
            Object value = parameter.get("value");
            if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException(file + ", feed " + routeId + ": parameter '" + name
                        + "' must be a string (comma-separated for lists), not " + value.getClass().getSimpleName());
            }
            parameters.put(name, value == null ? null : value.toString());
        }
        return parameters;
    }
}
