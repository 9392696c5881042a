package io.datastream.normalize;

import io.datastream.model.Channel;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Exchange name → normalizer; adding an exchange is one class and one {@link #register} call. Thread-safe. */
public class NormalizerRegistry {

    private final Map<String, Normalizer> normalizers = new ConcurrentHashMap<>();

    /** Registers {@code normalizer} under {@code name}; rejects a blank name and a name already registered. */
    public void register(String name, Normalizer normalizer) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("normalizer name must not be blank");
        }
        if (!Channel.isValidExchange(name)) {
            throw new IllegalArgumentException("normalizer name '" + name + "' is not a channel's exchange part ("
                    + Channel.EXCHANGE_SHAPE + ")");
        }
        Objects.requireNonNull(normalizer, "normalizer");
        Normalizer previous = normalizers.putIfAbsent(name, normalizer);
        if (previous != null) {
            throw new IllegalArgumentException("a normalizer is already registered for '" + name + "': "
                    + previous.getClass().getName());
        }
    }

    /** Registers {@code normalizer} under its {@link Normalizer#exchange()} name. */
    public void register(Normalizer normalizer) {
        register(Objects.requireNonNull(normalizer, "normalizer").exchange(), normalizer);
    }

    /** The normalizer for {@code name}; IllegalArgumentException listing the registered names if there is none. */
    public Normalizer get(String name) {
        Normalizer normalizer = name == null ? null : normalizers.get(name);
        if (normalizer == null) {
            throw new IllegalArgumentException("no normalizer registered for '" + name + "' (registered: "
                    + String.join(", ", names()) + ")");
        }
        return normalizer;
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(normalizers.keySet()));
    }
}
