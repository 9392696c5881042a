package io.datastream.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-channel seq checks of the client: repeats (published again after a Redis outage, or the same message through a
 * channel and a pattern) are dropped, real gaps are reported, and a service restart (seq from 1 again) is reported and
 * followed.
 */
class EventDispatcherTest {

    private static final String TRADES = "binance:spot:aaausdt:trade";
    private static final String OTHER = "binance:spot:bbbusdt:trade";

    private final Recorder listener = new Recorder();
    private final EventDispatcher dispatcher = new EventDispatcher(listener, channel -> false, 10_000);

    @Test
    void should_drop_a_batch_published_again_after_an_outage_and_deliver_each_seq_once() throws Exception {
        FlowRecorder flow = new FlowRecorder();
        dispatcher.publisher().subscribe(flow);
        for (long seq = 1; seq <= 5; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        for (long seq = 3; seq <= 5; seq++) {
            send(TRADES, seq, recvTs(seq)); // the same events again: same recvTs, later pubTs
        }
        send(TRADES, 6, recvTs(6));
        drain();
        dispatcher.close();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(listener.gaps).isEmpty();
        assertThat(flow.completed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(flow.seqs).as("the Flow subscribers get the same").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void should_drop_a_repeat_of_the_very_first_batch_rather_than_take_seq_1_for_a_restart() {
        for (long seq = 1; seq <= 3; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        for (long seq = 1; seq <= 4; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(listener.gaps).isEmpty();
    }

    @Test
    void should_drop_the_same_message_through_a_channel_and_a_pattern_subscription() {
        send(TRADES, 1, recvTs(1));
        send(TRADES, 1, recvTs(1));
        send(TRADES, 2, recvTs(2));
        send(TRADES, 2, recvTs(2));
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L);
        assertThat(listener.gaps).isEmpty();
    }

    @Test
    void should_report_a_real_gap_with_the_missed_range_and_deliver_what_follows() {
        send(TRADES, 1, recvTs(1));
        send(TRADES, 2, recvTs(2));
        send(TRADES, 5, recvTs(5));
        send(TRADES, 6, recvTs(6));
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L, 5L, 6L);
        assertThat(listener.gaps).containsExactly(new Gap(TRADES, 3, 5)); // 3..4 lost
    }

    @Test
    void should_drop_a_late_repeat_of_a_seq_inside_an_already_reported_gap() {
        send(TRADES, 1, recvTs(1));
        send(TRADES, 5, recvTs(5));
        send(TRADES, 3, recvTs(3)); // published again after the drop was reported: too late, and not a restart
        send(TRADES, 6, recvTs(6));
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 5L, 6L);
        assertThat(listener.gaps).containsExactly(new Gap(TRADES, 2, 5));
    }

    @Test
    void should_report_a_service_restart_and_follow_the_new_counter() {
        for (long seq = 1; seq <= 5; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        // the service restarted: seq starts again at 1 with events received after everything before
        long restartedAt = recvTs(5) + 3_000_000;
        send(TRADES, 1, restartedAt);
        send(TRADES, 2, restartedAt + 10);
        send(TRADES, 2, restartedAt + 10); // a repeat after the restart is still dropped
        send(TRADES, 3, restartedAt + 20);
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L, 3L, 4L, 5L, 1L, 2L, 3L);
        assertThat(listener.gaps).containsExactly(new Gap(TRADES, 6, 1));
    }

    @Test
    void should_report_a_restart_whose_first_messages_were_missed() {
        for (long seq = 1; seq <= 5; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        long restartedAt = recvTs(5) + 3_000_000;
        send(TRADES, 3, restartedAt); // 1 and 2 of the new counter never reached this client
        send(TRADES, 4, restartedAt + 10);
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L, 3L, 4L, 5L, 3L, 4L);
        assertThat(listener.gaps).containsExactly(new Gap(TRADES, 6, 3));
    }

    @Test
    void should_take_a_seq_farther_back_than_one_batch_for_a_restart_whatever_its_recvTs() {
        long last = EventDispatcher.REPEAT_WINDOW + 10;
        for (long seq = 1; seq <= last; seq++) {
            send(TRADES, seq, recvTs(seq));
        }
        // a restarted service whose clock is behind: recvTs earlier than what was seen, but seq far behind
        send(TRADES, 1, recvTs(1) - 1_000_000);
        send(TRADES, 2, recvTs(1) - 999_990);
        drain();

        assertThat(listener.seqs(TRADES)).hasSize((int) last + 2).endsWith(1L, 2L);
        assertThat(listener.gaps).containsExactly(new Gap(TRADES, last + 1, 1));
    }

    @Test
    void should_keep_each_channel_s_counter_apart() {
        send(TRADES, 1, recvTs(1));
        send(OTHER, 7, recvTs(1));
        send(TRADES, 2, recvTs(2));
        send(OTHER, 7, recvTs(1));
        send(OTHER, 8, recvTs(3));
        drain();

        assertThat(listener.seqs(TRADES)).containsExactly(1L, 2L);
        assertThat(listener.seqs(OTHER)).containsExactly(7L, 8L);
        assertThat(listener.gaps).isEmpty();
    }

    @AfterEach
    void close() {
        dispatcher.close();
    }

    /** Waits until the event thread has handled everything sent so far (close() gives up after 2 s). */
    private void drain() {
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.event(l -> done.countDown());
        try {
            assertThat(done.await(30, TimeUnit.SECONDS)).as("event thread drained").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void send(String channel, long seq, long recvTs) {
        String json = "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"AAAUSDT\",\"type\":\"trade\","
                + "\"ts\":" + (recvTs - 100) + ",\"recvTs\":" + recvTs + ",\"pubTs\":" + System.nanoTime()
                + ",\"seq\":" + seq + ",\"tradeId\":\"" + seq + "\",\"price\":\"1.0\",\"qty\":\"2\",\"side\":\"buy\"}";
        dispatcher.message(channel, json);
    }

    /** Receive times 1 ms apart, as a feed's events would have. */
    private static long recvTs(long seq) {
        return 1_700_000_000_000_000L + seq * 1_000;
    }

    record Gap(String channel, long expected, long got) {
    }

    /** Keeps what the listener is told. */
    private final class Recorder extends DataStreamAdapter {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<Gap> gaps = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        @Override
        public void onGap(String channel, long expectedSeq, long gotSeq) {
            gaps.add(new Gap(channel, expectedSeq, gotSeq));
        }

        List<Long> seqs(String channel) {
            return messages.stream().filter(m -> m.channel().equals(channel)).map(Message::seq).toList();
        }
    }

    /** A Flow subscriber that takes everything. */
    private static final class FlowRecorder implements Flow.Subscriber<Message> {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Message item) {
            seqs.add(item.seq());
        }

        @Override
        public void onError(Throwable throwable) {
            completed.countDown();
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }
}
