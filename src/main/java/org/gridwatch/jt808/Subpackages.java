package org.gridwatch.jt808;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reassembles one connection's sub-packaged messages (header attribute bit 13). Per the standard
 * the packages of a message have consecutive serial numbers, so a message is known by its id, its
 * package count and the serial of package 1 ({@code serial - (index - 1)}, wrapping at 65536),
 * whichever package arrives first. Packages may arrive in any order; a package that arrives twice is
 * ignored. (Terminals that give every package the same serial are not supported: their packages
 * beyond the first would not be matched.)
 *
 * <p>Bounded: at most {@code maxMessages} messages in progress and {@code maxBytes} body bytes held
 * in all; making room drops the least recently added-to message first. A message that receives no
 * package for {@code timeoutMillis} is dropped (checked on every {@link #offer} and {@link #expire};
 * the caller passes the clock). The dropped ones are counted ({@link #dropped()}).
 *
 * <p>Not thread-safe: one instance per connection, used from the thread that owns it.
 */
public final class Subpackages {
    private final int maxMessages;
    private final long maxBytes;
    private final long timeoutMillis;
    /** In access order: the first entry is the least recently added-to. */
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long dropped;

    /**
     * @param maxMessages   the most messages in progress, at least 1
     * @param maxBytes      the most body bytes held in all, at least 1
     * @param timeoutMillis how long a message in progress waits for its next package, ms, at least 1
     */
    public Subpackages(int maxMessages, long maxBytes, long timeoutMillis) {
        if (maxMessages < 1 || maxBytes < 1 || timeoutMillis < 1) {
            throw new IllegalArgumentException("maxMessages, maxBytes and timeoutMillis must be positive: "
                    + maxMessages + ", " + maxBytes + ", " + timeoutMillis);
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Adds a package. A message that is not sub-packaged, or has a package count of 1, is returned
     * as it is (a count of 1 as not sub-packaged).
     *
     * @param nowMillis the caller's clock, ms (any epoch, never going back)
     * @return the whole message when this package completes it: the header of package 1 with
     *         package count and index 0 and the total body length, the bodies in index order;
     *         empty while packages are missing, and for a package that cannot be held (larger than
     *         {@code maxBytes}, counted as dropped)
     */
    public Optional<Message> offer(Message part, long nowMillis) {
        expire(nowMillis);
        Header h = part.header();
        if (!h.subpackaged()) {
            return Optional.of(part);
        }
        if (h.packageCount() == 1) {
            return Optional.of(new Message(whole(h, h.bodyLength()), part.body()));
        }
        Key key = new Key(h.messageId(), h.packageCount(), (h.serial() - (h.packageIndex() - 1)) & 0xffff);
        Pending p = pending.get(key);
        if (p != null && p.parts.containsKey(h.packageIndex())) {
            p.lastMillis = nowMillis;
            return Optional.empty();
        }
        int size = part.body().length;
        if (size > maxBytes) {
            dropped++;
            return Optional.empty();
        }
        if (p == null) {
            while (pending.size() >= maxMessages) {
                drop(pending.keySet().iterator().next());
            }
            p = new Pending();
            pending.put(key, p);
        }
        while (bytes + size > maxBytes) {
            Key victim = pending.keySet().stream().filter(k -> !k.equals(key)).findFirst().orElse(null);
            if (victim == null) {
                // Only this message is held and it cannot grow: drop it with this package.
                drop(key);
                return Optional.empty();
            }
            drop(victim);
        }
        p.parts.put(h.packageIndex(), part.body());
        p.bytes += size;
        p.lastMillis = nowMillis;
        bytes += size;
        if (h.packageIndex() == 1) {
            p.first = h;
        }
        if (p.parts.size() < h.packageCount()) {
            return Optional.empty();
        }
        pending.remove(key);
        bytes -= p.bytes;
        byte[] body = new byte[Math.toIntExact(p.bytes)];
        int at = 0;
        for (int i = 1; i <= h.packageCount(); i++) {
            byte[] b = p.parts.get(i);
            System.arraycopy(b, 0, body, at, b.length);
            at += b.length;
        }
        return Optional.of(new Message(whole(p.first, body.length), body));
    }

    /**
     * Drops the messages that have had no package for {@code timeoutMillis}.
     *
     * @return how many were dropped now
     */
    public int expire(long nowMillis) {
        int n = 0;
        for (Iterator<Pending> i = pending.values().iterator(); i.hasNext();) {
            Pending p = i.next();
            if (nowMillis - p.lastMillis >= timeoutMillis) {
                i.remove();
                bytes -= p.bytes;
                dropped++;
                n++;
            }
        }
        return n;
    }

    /** Messages in progress now. */
    public int inProgress() {
        return pending.size();
    }

    /** Body bytes held now. */
    public long bytes() {
        return bytes;
    }

    /** Messages (and single packages too large to hold) dropped so far, by timeout or to make room. */
    public long dropped() {
        return dropped;
    }

    private void drop(Key key) {
        bytes -= pending.remove(key).bytes;
        dropped++;
    }

    private static Header whole(Header first, int bodyLength) {
        return new Header(first.messageId(), first.v2019(), first.protocolVersion(), first.phone(), first.serial(),
                first.encrypted(), 0, 0, bodyLength);
    }

    private record Key(int messageId, int count, int firstSerial) {
    }

    private static final class Pending {
        final Map<Integer, byte[]> parts = new HashMap<>();
        long bytes;
        long lastMillis;
        Header first;
    }
}
