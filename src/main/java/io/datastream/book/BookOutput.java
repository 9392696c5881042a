package io.datastream.book;

import io.datastream.model.MarketEvent;
import java.util.List;

/** Where book and status events go (the publisher); must accept calls from any thread without blocking. */
public interface BookOutput {

    void offer(List<MarketEvent> events);
}
