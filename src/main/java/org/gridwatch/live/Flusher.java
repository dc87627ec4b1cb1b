package org.gridwatch.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.pipeline.Lane;

/**
 * What each subscription owes its client, and writing it without unbounded buffering: state
 * channels conflate pending changes per key, log channels keep a cursor into their
 * {@link EventLog}; a connection with {@code live.write-queue-bytes} in flight gets nothing more
 * until it drains; a state subscription with more than {@code live.max-pending} pending keys, or a
 * log subscription whose cursor fell off its log, gets {@code resync} and then a fresh snapshot.
 * Memory per connection is thus bounded whatever the client does. Confined to the hub lane, except
 * the write completions, which count bytes atomically and hand the flush back to the lane.
 */
final class Flusher {
    private final GridWatchConfig.Live limits;
    private final Clock clock;
    private final Lane lane;
    private final Channels channels;
    private final MeterRegistry registry;
    private final Counter resyncs;
    private final AtomicLong pendingKeys;
    /** Connections with something to flush, in order of first change. */
    private final Set<Connection> dirty = new LinkedHashSet<>();

    Flusher(GridWatchConfig.Live limits, Clock clock, Lane lane, Channels channels, AtomicLong pendingKeys,
            MeterRegistry registry) {
        this.limits = limits;
        this.clock = clock;
        this.lane = lane;
        this.channels = channels;
        this.pendingKeys = pendingKeys;
        this.registry = registry;
        this.resyncs = Counter.builder("gridwatch.live.resyncs").description("subscriptions resynchronised")
                .register(registry);
    }

    /** The connection has something to send (a new subscription, an event, a resync). */
    void markDirty(Connection c) {
        dirty.add(c);
    }

    /** A subscription leaves: forget what it had pending. */
    void forget(Subscription s) {
        pendingKeys.addAndGet(-s.pending.size());
    }

    /** A connection closed. */
    void forget(Connection c) {
        dirty.remove(c);
    }

    /** Conflates state changes into the pending keys of the subscriptions whose filter they meet. */
    void offer(List<Subscription> subs, SubscriptionIndex index, List<Feed.Change> changes) {
        Map<Subscription, Integer> touched = new IdentityHashMap<>();   // → pending keys before
        for (Feed.Change ch : changes) {
            index.candidates(ch.after(), ch.before(), s -> {
                if (s.needsSnapshot) {
                    return; // the snapshot will carry the current state
                }
                if (ch.after() != null && s.filter.matches(ch.after())) {
                    touched.putIfAbsent(s, s.pending.size());
                    s.pending.put(ch.key(), ch.after());
                } else if (ch.before() != null && s.filter.matches(ch.before())) {
                    touched.putIfAbsent(s, s.pending.size());
                    s.pending.put(ch.key(), Subscription.REMOVED);
                }
            });
        }
        touched.forEach((s, before) -> {
            pendingKeys.addAndGet(s.pending.size() - before);
            if (s.pending.size() > limits.maxPending()) {
                resync(s);
            }
            if (s.pending.size() != before || s.resyncOwed) {
                dirty.add(s.connection);
            }
        });
    }

    /** Drops a subscription's pending state: it gets {@code resync} and later a snapshot. */
    private void resync(Subscription s) {
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        s.needsSnapshot = true;
        s.resyncOwed = true;
        resyncs.increment();
        dirty.add(s.connection);
    }

    /** Writes what the dirty connections owe. */
    void flushDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        List<Connection> batch = new ArrayList<>(dirty);
        dirty.clear();
        for (Connection c : batch) {
            flush(c);
        }
    }

    /** Writes what each subscription of {@code c} owes, until the connection's write budget is spent. */
    void flush(Connection c) {
        if (c.closed) {
            return;
        }
        for (Subscription s : c.subscriptions.values()) {
            if (s.resyncOwed) {
                // Tiny and bounded (once per snapshot owed), so sent even to a blocked connection.
                sendResync(s);
            }
            if (blocked(c)) {
                return;
            }
            if (s.needsSnapshot) {
                sendSnapshot(s);
            } else if (s.channel.log()) {
                catchUp(s);
            } else if (!s.pending.isEmpty()) {
                sendDelta(s);
            }
        }
    }

    /** True (and marked) when too many bytes are in flight; the drain of the writes flushes again. */
    private boolean blocked(Connection c) {
        if (c.inFlight.get() < limits.writeQueueBytes()) {
            return false;
        }
        c.blocked.set(true);
        // A write may have completed between the check and the mark: look again.
        return c.inFlight.get() >= limits.writeQueueBytes() / 2 || !c.blocked.compareAndSet(true, false);
    }

    private void sendSnapshot(Subscription s) {
        Instant now = clock.instant();
        long seq = channels.seq(s.channel);
        Feed.Snapshot snap = channels.feed(s.channel).snapshot(s, now);
        String frame = LiveProtocol.snapshot(s, seq, snap);
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        s.needsSnapshot = false;
        if (s.channel.log()) {
            s.cursor = seq;
            s.cursorTime = now.toEpochMilli();
        }
        send(s.connection, frame);
    }

    private void sendDelta(Subscription s) {
        String frame = LiveProtocol.stateDelta(s, channels.seq(s.channel), s.pending.entrySet());
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        send(s.connection, frame);
    }

    /** Delivers the log events after the cursor, or resyncs when they are no longer held. */
    private void catchUp(Subscription s) {
        EventLog log = channels.log(s.channel);
        if (s.cursor == log.head()) {
            return;
        }
        if (!log.covers(s.cursor)) {
            resync(s);
            sendResync(s);
            sendSnapshot(s);
            return;
        }
        List<Item> items = new ArrayList<>();
        log.forEachAfter(s.cursor, i -> {
            if (s.filter.matches(i)) {
                items.add(i);
            }
        });
        s.cursor = log.head();
        s.cursorTime = log.time(s.cursor);
        if (!items.isEmpty()) {
            send(s.connection, LiveProtocol.logDelta(s, s.cursor, items));
        }
    }

    /** Tells the client its subscription's state was dropped; a snapshot follows. */
    private void sendResync(Subscription s) {
        send(s.connection, LiveProtocol.resync(s.id));
        s.resyncOwed = false;
    }

    /** Sends an {@code error} frame and counts it by code. */
    void sendError(Connection c, String id, String code, String message) {
        send(c, LiveProtocol.error(id, code, message));
        registry.counter("gridwatch.live.errors", "code", code).increment();
    }

    /** Hands a frame to the socket, counting its bytes in flight until the write completes. */
    void send(Connection c, String frame) {
        if (c.closed) {
            return;
        }
        long size = frame.length();
        c.inFlight.addAndGet(size);
        c.socket.writeTextMessage(frame).onComplete(ar -> {
            long left = c.inFlight.addAndGet(-size);
            if (left < limits.writeQueueBytes() / 2 && c.blocked.compareAndSet(true, false)) {
                lane.execute(() -> {
                    flush(c);
                    flushDirty();
                });
            }
        });
    }
}
