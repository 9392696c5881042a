package io.datastream.exchange;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The running upstream connections, for health checks, metrics and the control server. */
public final class Upstreams {

    private final List<UpstreamConsumer> consumers = new CopyOnWriteArrayList<>();

    void add(UpstreamConsumer consumer) {
        consumers.add(consumer);
    }

    void remove(UpstreamConsumer consumer) {
        consumers.remove(consumer);
    }

    public List<UpstreamConsumer> all() {
        return List.copyOf(consumers);
    }
}
