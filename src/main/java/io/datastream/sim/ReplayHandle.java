package io.datastream.sim;

/** Control of a recording replay started by {@link ExchangeSimulator#replay(Recording, ReplayOptions)}. */
public interface ReplayHandle extends FeedHandle {

    /** Recorded frames written to at least one connection. */
    long framesSent();

    /** Recorded frames no connection was subscribed to when their turn came. */
    long framesSkipped();

    /** Completed passes over the recording (grows in loop mode). */
    long passes();
}
