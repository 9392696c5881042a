package io.datastream.exchange;

import java.util.Collection;
import java.util.function.Function;

import io.datastream.model.Channel;

/** Where connection-state changes go, so subscribers learn of them on each channel's {@code status} channel. */
public interface StatusSink {

    /** @param nativeSymbol the exchange's spelling of each channel's symbol (its protocol's) */
    void status(Collection<Channel> channels, Function<Channel, String> nativeSymbol, String state, String reason);

    StatusSink NONE = (channels, nativeSymbol, state, reason) -> { };
}
