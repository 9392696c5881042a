package io.datastream.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Settings for an {@link ExchangeSimulator}: port, the server side of the WebSocket heartbeat, connection lifetime. */
public final class SimulatorOptions {

    /** Binance spot pings every 20 s. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);

    private final int port;
    private final Duration pingInterval;
    private final boolean answerPings;
    private final Duration maxConnectionAge;
    private final List<ExchangeProtocol> protocols;

    private SimulatorOptions(Builder builder) {
        this.port = builder.port;
        this.pingInterval = builder.pingInterval;
        this.answerPings = builder.answerPings;
        this.maxConnectionAge = builder.maxConnectionAge;
        this.protocols = List.copyOf(builder.protocols);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Port to bind on 127.0.0.1; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** How often the server sends a WebSocket PING to each connection. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Whether client PINGs get a PONG (false simulates a server that ignores heartbeats). */
    public boolean answerPings() {
        return answerPings;
    }

    /**
     * Age at which the server closes a connection with close code 1000, as Binance does at 24 h; each connection's
     * own timer, from its upgrade. Empty: connections live until closed otherwise.
     */
    public Optional<Duration> maxConnectionAge() {
        return Optional.ofNullable(maxConnectionAge);
    }

    /** Protocols served, tried in order against each request path: Binance, Kraken spot, Kraken futures, then added ones. */
    public List<ExchangeProtocol> protocols() {
        return protocols;
    }

    /** Fluent builder; every setting has a default. */
    public static final class Builder {
        private int port;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private boolean answerPings = true;
        private Duration maxConnectionAge;
        private final List<ExchangeProtocol> protocols = new ArrayList<>(
                List.of(new BinanceProtocol(), new KrakenSpotProtocol(), new KrakenFuturesProtocol()));

        private Builder() {
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            if (pingInterval.isNegative() || pingInterval.toMillis() < 1) {
                throw new IllegalArgumentException("ping interval must be at least 1 ms: " + pingInterval);
            }
            this.pingInterval = Objects.requireNonNull(pingInterval);
            return this;
        }

        public Builder answerPings(boolean answerPings) {
            this.answerPings = answerPings;
            return this;
        }

        public Builder maxConnectionAge(Duration maxConnectionAge) {
            if (maxConnectionAge.isNegative() || maxConnectionAge.toMillis() < 1) {
                throw new IllegalArgumentException("max connection age must be at least 1 ms: " + maxConnectionAge);
            }
            this.maxConnectionAge = maxConnectionAge;
            return this;
        }

        /** Serves another exchange's protocol too (its paths must not clash with Binance's). */
        public Builder addProtocol(ExchangeProtocol protocol) {
            protocols.add(Objects.requireNonNull(protocol));
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(this);
        }
    }
}
