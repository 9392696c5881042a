package io.datastream.exchange;

import java.util.HashSet;
import java.util.Set;

/**
 * The frames the old connection delivered during a rotation, verbatim. The exchange sends an event to both connections
 * as the same text, so a frame of the replacement found here was already published: it is dropped before it is
 * normalized (at 10,000 frames/s a 3 s overlap would otherwise send 30,000 of them through the route first, ahead of
 * new frames). Frames not found still pass the {@link DuplicateFilter}. Used on the feed's vert.x context only.
 */
final class OverlapFrames {

    private Set<String> oldConnection = new HashSet<>();
    private Set<String> beforeSwitch = Set.of();
    private volatile long dropped;

    /** A frame the old connection delivered while the replacement streams alongside it. */
    void old(String frame) {
        oldConnection.add(frame);
    }

    /** The replacement is now the connection: its frames are checked against what the old one delivered. */
    void switched() {
        beforeSwitch = oldConnection;
        oldConnection = new HashSet<>();
    }

    /** True, and counted, when the old connection delivered this very frame. */
    boolean repeated(String frame) {
        boolean repeated = beforeSwitch.contains(frame);
        if (repeated) {
            dropped++;
        }
        return repeated;
    }

    /** The replacement closed before the switch: what the old connection delivered is no longer needed. */
    void replacementLost() {
        oldConnection = new HashSet<>();
    }

    /** The replacement no longer repeats the old connection (the de-duplication window after the switch is over). */
    void windowOver() {
        beforeSwitch = Set.of();
    }

    /** Replacement frames dropped as verbatim repeats of the old connection's. */
    long dropped() {
        return dropped;
    }
}
