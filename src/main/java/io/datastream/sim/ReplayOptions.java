package io.datastream.sim;

/**
 * How to replay a recording.
 *
 * @param pace  {@link Pace#RECORDED} keeps the recorded gaps (divided by {@code speed}); {@link Pace#FAST} sends as
 *              fast as the sockets take them
 * @param speed time scale for RECORDED pace: 2.0 plays twice as fast
 * @param loop  start again from the top after the last frame (for the demo)
 */
public record ReplayOptions(Pace pace, double speed, boolean loop) {

    /** Timing of a replay. */
    public enum Pace { RECORDED, FAST }

    public ReplayOptions {
        if (pace == null) {
            throw new IllegalArgumentException("pace is required");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number: " + speed);
        }
    }

    /** As fast as the sockets allow, once. */
    public static ReplayOptions fast() {
        return new ReplayOptions(Pace.FAST, 1.0, false);
    }

    /** With the recorded gaps between frames, once. */
    public static ReplayOptions recorded() {
        return new ReplayOptions(Pace.RECORDED, 1.0, false);
    }

    public ReplayOptions withSpeed(double newSpeed) {
        return new ReplayOptions(pace, newSpeed, loop);
    }

    public ReplayOptions looping() {
        return new ReplayOptions(pace, speed, true);
    }
}
