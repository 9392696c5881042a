package io.datastream.publish;

/** Writes a batch to Redis (in the service: the {@code redis-write} route, with its circuit breaker). */
@FunctionalInterface
public interface BatchWriter {
    void write(PublishBatch batch) throws Exception;
}
