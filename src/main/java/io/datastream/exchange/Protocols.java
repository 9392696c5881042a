package io.datastream.exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The upstream protocols by exchange name; every {@link UpstreamProtocol} bean in the registry is registered at start. */
public final class Protocols {

    private final Map<String, UpstreamProtocol> byExchange = new ConcurrentHashMap<>();

    public void register(UpstreamProtocol protocol) {
        if (byExchange.putIfAbsent(protocol.exchange(), protocol) != null) {
            throw new IllegalArgumentException("protocol for exchange '" + protocol.exchange() + "' registered twice");
        }
    }

    public UpstreamProtocol get(String exchange) {
        UpstreamProtocol protocol = byExchange.get(exchange);
        if (protocol == null) {
            throw new IllegalArgumentException("no upstream protocol for exchange '" + exchange + "'; known: " + byExchange.keySet());
        }
        return protocol;
    }
}
