package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MarketEventTest {

    @Test
    void should_build_status_events_on_the_status_channel() {
        MarketEvent gap = MarketEvent.status(Channel.parse("binance:perpetual:btcusd_perp:depth"), "BTCUSD_PERP", "gap",
                "update id gap", 10L, 19L, 1_700_000_000_000_000L);

        assertThat(gap.channel().toString()).isEqualTo("binance:perpetual:btcusd_perp:status");
        assertThat(gap.type()).isEqualTo("status");
        assertThat(gap.symbol()).isEqualTo("BTCUSD_PERP");
        assertThat(gap.ts()).isEqualTo(1_700_000_000_000_000L);
        assertThat(gap.recvTs()).isEqualTo(gap.ts());
        assertThat(gap.payload()).isEqualTo(new Status("gap", "update id gap", 10L, 19L));
    }

    @Test
    void should_require_channel_symbol_and_payload() {
        Channel channel = Channel.parse("binance:spot:btcusdt:trade");
        Trade trade = new Trade("1", "1", "1", "buy");
        assertThatThrownBy(() -> new MarketEvent(null, "BTCUSDT", 1, 1, trade)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MarketEvent(channel, null, 1, 1, trade)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MarketEvent(channel, "BTCUSDT", 1, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_give_now_in_epoch_microseconds() {
        long before = Instant.now().toEpochMilli() * 1000;
        long now = Times.nowMicros();
        long after = (Instant.now().toEpochMilli() + 1) * 1000;

        assertThat(now).isBetween(before, after);
        assertThat(Times.toInstant(1633998512068123L)).isEqualTo(Instant.parse("2021-10-12T00:28:32.068123Z"));
        assertThat(Times.millisToMicros(1633998512068L)).isEqualTo(1633998512068000L);
    }
}
