package io.datastream.book;

import java.util.Optional;

/** The book sync each exchange venue declares, looked up by name; empty for a venue that keeps no books. */
@FunctionalInterface
public interface BookSyncs {

    Optional<BookSync> of(String exchange, String venue);
}
