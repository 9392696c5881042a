package io.datastream.control;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.datastream.model.Channel;
import io.vertx.core.http.ServerWebSocket;

/**
 * One control connection: the channels it holds, when it was last heard from (its lease), and whether it was refused.
 * Request handling locks the session, so one connection's requests change its state one at a time.
 */
final class ControlSession {

    final String id;
    /** Why the connection is refused (bad token, too many clients); null when accepted. */
    final ChannelResult refusal;
    private final Set<Channel> channels = new LinkedHashSet<>();
    private volatile ServerWebSocket socket;
    private volatile long lastSeenNanos = System.nanoTime();
    private boolean ended;

    ControlSession(String id, ChannelResult refusal) {
        this.id = id;
        this.refusal = refusal;
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long silentMillis() {
        return (System.nanoTime() - lastSeenNanos) / 1_000_000;
    }

    ServerWebSocket socket() {
        return socket;
    }

    void socket(ServerWebSocket socket) {
        this.socket = socket;
    }

    boolean holds(Channel channel) {
        return channels.contains(channel);
    }

    int size() {
        return channels.size();
    }

    void add(Channel channel) {
        channels.add(channel);
    }

    void remove(Channel channel) {
        channels.remove(channel);
    }

    List<Channel> channels() {
        return List.copyOf(channels);
    }

    /** Marks the session over; returns the channels it still held, once (later calls get nothing). */
    List<Channel> end() {
        if (ended) {
            return List.of();
        }
        ended = true;
        List<Channel> held = List.copyOf(channels);
        channels.clear();
        return held;
    }

    boolean ended() {
        return ended;
    }
}
