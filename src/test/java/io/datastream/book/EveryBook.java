package io.datastream.book;

import io.datastream.exchange.BinanceProtocol;
import io.datastream.exchange.KrakenProtocol;
import io.datastream.exchange.Protocols;

/** Test helper: a book keeper that maintains every book, with the book syncs the built-in exchanges' protocols declare. */
final class EveryBook {

    private EveryBook() {
    }

    static BookKeeper keeper(BookSettings settings, SnapshotSource snapshots, Resubscriber resubscriber, BookOutput output,
                             BookMetrics metrics) {
        Protocols protocols = new Protocols();
        protocols.register(new BinanceProtocol());
        protocols.register(new KrakenProtocol());
        return new BookKeeper(new BookSync.Services(settings, snapshots, resubscriber, output, metrics),
                protocols::bookSync, channel -> true);
    }
}
