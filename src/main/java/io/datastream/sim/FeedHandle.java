package io.datastream.sim;

import java.time.Duration;

/** Control of a running simulator feed (replay or synthetic load). */
public interface FeedHandle {

    /** True once the feed has sent everything it will send, or was stopped. */
    boolean isDone();

    /** Waits for {@link #isDone()}; returns false on timeout. */
    boolean awaitDone(Duration timeout);

    /** Stops the feed; frames already written stay written. */
    void stop();

    /** Times the feed paused because a client's write queue was full (backpressure, never dropping). */
    long pauses();
}
