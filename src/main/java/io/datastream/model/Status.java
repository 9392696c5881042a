package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A stream state change. For {@code gap}, {@code missedFrom}/{@code missedTo} is the inclusive missed range when known,
 * in the data channel's own id space (update ids for depth, trade ids for trades).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Status(String state, String reason, Long missedFrom, Long missedTo) implements Payload {

    public static final String LIVE = "live";
    public static final String STALE = "stale";
    public static final String RECONNECTING = "reconnecting";
    public static final String RESYNCED = "resynced";
    public static final String GAP = "gap";
    public static final Set<String> STATES =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of(LIVE, STALE, RECONNECTING, RESYNCED, GAP)));

    public Status {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown status state '" + state + "' (known: "
                    + String.join(", ", STATES) + ")");
        }
    }
}
