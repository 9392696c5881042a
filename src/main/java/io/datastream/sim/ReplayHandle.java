package io.datastream.sim;

import java.util.List;

/** Control of a recording replay started by {@link ExchangeSimulator#replay(Recording, ReplayOptions)}. */
public interface ReplayHandle extends FeedHandle {

    /** Recorded frames written to at least one connection. */
    long framesSent();

    /** Recorded frames no connection was subscribed to when their turn came. */
    long framesSkipped();

    /** The stream names the replay serves (what a client must subscribe to), as the recording names them. */
    List<String> streams();

    /** Completed passes over the recording (grows in loop mode). */
    long passes();
}
