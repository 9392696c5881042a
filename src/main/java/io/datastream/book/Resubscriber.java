package io.datastream.book;

import io.datastream.model.Channel;

/** Asks the upstream feed to unsubscribe and subscribe one symbol's book data again (Kraken sends a fresh snapshot). */
public interface Resubscriber {

    void resubscribe(Channel bookChannel);
}
