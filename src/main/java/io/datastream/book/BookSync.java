package io.datastream.book;

import io.datastream.model.Channel;

/**
 * How an exchange venue keeps a local order book from its {@code depth} events; the venue's protocol declares it
 * (UpstreamProtocol.bookSync), so the book keeper needs no list of exchanges.
 */
@FunctionalInterface
public interface BookSync {

    /** A new synchronizer for one symbol's {@code book} channel ({@code symbol} is exchange-native). */
    SymbolBook create(Channel bookChannel, String symbol, String venue, Services services);

    /** What a synchronizer may use: settings, REST snapshots, upstream resubscription, the output and metrics. */
    record Services(BookSettings settings, SnapshotSource snapshots, Resubscriber resubscriber, BookOutput output,
                    BookMetrics metrics) {
    }
}
