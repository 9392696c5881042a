package io.datastream.exchange;

import java.util.Arrays;
import java.util.List;

/**
 * What one upstream route streams, as written in its YAML: exchange, venue and the symbols × types to subscribe at start.
 */
public record StreamConfig(String exchange, String venue, List<String> symbols, List<String> types) {

    public static StreamConfig of(String exchange, String venue, String symbols, String types) {
        if (exchange == null || venue == null) {
            throw new IllegalArgumentException("an upstream endpoint needs both 'exchange' and 'venue' options");
        }
        return new StreamConfig(exchange, venue, list(symbols), list(types));
    }

    private static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
