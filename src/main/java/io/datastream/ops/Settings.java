package io.datastream.ops;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;

/**
 * Typed reads of {@code datastream.*} properties. Camel resolves each key from -D system properties, then the
 * environment (upper case, {@code .} and {@code -} as {@code _}), then application.properties.
 */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public Optional<String> optional(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    /** Durations as {@code 500ms}, {@code 30s}, {@code 5m} or plain milliseconds. */
    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(v -> Duration.ofMillis(parse(key, v, TimeUtils::toMilliSeconds))).orElse(defaultValue);
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("property " + key + " has an invalid value '" + value + "'", e);
        }
    }
}
