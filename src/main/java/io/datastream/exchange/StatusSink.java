package io.datastream.exchange;

import java.util.Collection;

import io.datastream.model.Channel;

/** Where connection-state changes go, so subscribers learn of them on each channel's {@code status} channel. */
public interface StatusSink {

    void status(Collection<Channel> channels, String state, String reason);

    StatusSink NONE = (channels, state, reason) -> { };
}
