package io.datastream.sim;

import io.datastream.sim.ReplayOptions.Pace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays a recording's stream events in recorded order to whichever connections subscribe to them, or to another
 * update speed of them ({@link ExchangeProtocol#replayAliases}).
 */
final class ReplayJob extends FeedJob implements ReplayHandle {

    /** Frames sent per event-loop turn in FAST pace, so other connections and timers still get their turn. */
    private static final int FRAMES_PER_TURN = 256;

    private record TimedEvent(long offsetMicros, StreamEvent event) {
    }

    private final List<TimedEvent> events;
    private final List<String> streams;
    private final ReplayOptions options;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesSkipped = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    // event-loop only
    private final Map<String, List<String>> aliases = new HashMap<>();
    private int next;
    private long passStartNanos;

    ReplayJob(ExchangeSimulator simulator, ExchangeProtocol protocol, Recording recording, ReplayOptions options) {
        this(simulator, protocol, recording, options, protocol.streams(recording));
    }

    private ReplayJob(ExchangeSimulator simulator, ExchangeProtocol protocol, Recording recording, ReplayOptions options,
                      List<String> streams) {
        super(simulator, protocol, streams, protocol::replayAliases);
        this.streams = List.copyOf(streams);
        this.options = options;
        this.events = timedEvents(protocol, recording);
    }

    private static List<TimedEvent> timedEvents(ExchangeProtocol protocol, Recording recording) {
        List<Recording.Frame> frames = recording.frames();
        long firstMicros = frames.isEmpty() ? 0 : frames.get(0).epochMicros();
        return frames.stream()
                .flatMap(f -> protocol.recordedEvent(f.text()).map(e -> new TimedEvent(f.epochMicros() - firstMicros, e)).stream())
                .toList();
    }

    @Override
    protected void begin() {
        next = 0;
        passStartNanos = System.nanoTime();
        sendDueFrames();
    }

    private void sendDueFrames() {
        if (isStopped()) {
            return;
        }
        if (simulator.isStalled()) {
            later(STALL_POLL_MILLIS, this::sendDueFrames);
            return;
        }
        for (int budget = FRAMES_PER_TURN; budget > 0 && next < events.size(); budget--) {
            TimedEvent timed = events.get(next);
            Optional<Long> wait = waitMillis(timed);
            if (wait.isPresent()) {
                later(wait.get(), this::sendDueFrames);
                return;
            }
            next++;
            ConnectionRegistry.Delivery delivery = deliver(timed.event(),
                    aliases.computeIfAbsent(timed.event().stream(), protocol::replayAliases));
            (delivery.recipients() > 0 ? framesSent : framesSkipped).incrementAndGet();
            if (pauseIfCongested(delivery, this::sendDueFrames)) {
                return;
            }
        }
        if (next < events.size()) {
            simulator.runOnLoop(this::sendDueFrames);
        } else {
            passes.incrementAndGet();
            if (options.loop()) {
                // wait for subscribers again so a looping replay with nobody listening does not spin
                awaitSubscribers();
            } else {
                finish();
            }
        }
    }

    /** How long until the frame is due at RECORDED pace; empty when it may go now. */
    private Optional<Long> waitMillis(TimedEvent timed) {
        if (options.pace() == Pace.FAST) {
            return Optional.empty();
        }
        long dueNanos = passStartNanos + (long) (timed.offsetMicros() * 1_000 / options.speed());
        long waitNanos = dueNanos - System.nanoTime();
        return waitNanos <= 0 ? Optional.empty() : Optional.of(waitNanos / 1_000_000);
    }

    @Override
    public long framesSent() {
        return framesSent.get();
    }

    @Override
    public long framesSkipped() {
        return framesSkipped.get();
    }

    @Override
    public List<String> streams() {
        return streams;
    }

    @Override
    public long passes() {
        return passes.get();
    }
}
