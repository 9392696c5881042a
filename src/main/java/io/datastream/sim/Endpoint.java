package io.datastream.sim;

import java.util.List;
import java.util.Optional;

/**
 * Where a client connected, as a protocol understood the request path.
 *
 * @param pathPrefix     route prefix before the protocol's own path ({@code ""}, {@code "/public"}, {@code "/market"})
 * @param path           the full request path
 * @param combined       whether events are wrapped with their stream name (Binance {@code /stream})
 * @param initialStreams streams named in the URL, subscribed on connect
 */
public record Endpoint(String pathPrefix, String path, boolean combined, List<String> initialStreams) {

    public Endpoint {
        initialStreams = List.copyOf(initialStreams);
    }

    /** A protocol served on one fixed path (with or without a trailing slash). */
    public static Optional<Endpoint> fixed(String protocolPath, String requestedPath) {
        boolean matches = requestedPath.equals(protocolPath) || requestedPath.equals(protocolPath + "/");
        return matches ? Optional.of(new Endpoint(protocolPath, requestedPath, false, List.of())) : Optional.empty();
    }
}
