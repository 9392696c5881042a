package io.datastream.model;

import java.time.Instant;

/** Epoch-microsecond time helpers; every time on the data path is epoch microseconds. */
public final class Times {
    private Times() {
    }

    /** Now, in epoch microseconds (Instant-based, so microsecond resolution where the OS clock has it). */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    public static long millisToMicros(long millis) {
        return Math.multiplyExact(millis, 1_000L);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
