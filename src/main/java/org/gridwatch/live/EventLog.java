package org.gridwatch.live;

import java.util.function.Consumer;

/**
 * The last {@code capacity} events of a log channel, numbered by increasing sequence numbers: the
 * slow-client and resume buffer of {@code incidents} and {@code alerts}. Hub thread only.
 */
final class EventLog {
    private final Item[] items;
    private final long[] seqs;
    private final long[] times;
    /** Sequence number of the newest event (or the base when empty). */
    private long head;
    private int size;

    EventLog(int capacity, long base) {
        this.items = new Item[capacity];
        this.seqs = new long[capacity];
        this.times = new long[capacity];
        this.head = base;
    }

    /** Appends an event; returns its sequence number. */
    long append(Item item, long epochMillis) {
        head++;
        int slot = (int) (head % items.length);
        items[slot] = item;
        seqs[slot] = head;
        times[slot] = epochMillis;
        size = Math.min(size + 1, items.length);
        return head;
    }

    /** Sequence number of the newest event. */
    long head() {
        return head;
    }

    /**
     * True when every event after {@code seq} is still held (or none happened), i.e. a cursor at
     * {@code seq} can be caught up from the log.
     */
    boolean covers(long seq) {
        return seq <= head && seq >= head - size;
    }

    /** Visits the events after {@code seq} in order; the caller checked {@link #covers}. */
    void forEachAfter(long seq, Consumer<Item> sink) {
        for (long s = seq + 1; s <= head; s++) {
            sink.accept(items[(int) (s % items.length)]);
        }
    }

    /** Time of the event with sequence {@code seq}, epoch ms, or Long.MIN_VALUE when it is no longer held. */
    long time(long seq) {
        if (seq <= head - size || seq > head) {
            return Long.MIN_VALUE;
        }
        return times[(int) (seq % items.length)];
    }
}
