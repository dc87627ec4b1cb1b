package org.gridwatch.live;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The channels served and their sequence numbers: each channel's {@link Feed}, the
 * {@link EventLog} of each log channel, and the sequence number of each state channel's latest
 * change. Sequence numbers start above every number a previous run can have used (ms × 1000), so
 * a client resuming across a restart never mistakes old numbers for new ones. Confined to the hub
 * lane once serving.
 */
final class Channels {
    private final Map<Channel, Feed> feeds = new EnumMap<>(Channel.class);
    private final Map<Channel, EventLog> logs = new EnumMap<>(Channel.class);
    private final Map<Channel, long[]> seqs = new EnumMap<>(Channel.class);
    private final int logSize;

    /**
     * @param logSize events kept per log channel
     * @param base    the first sequence number, above any of an earlier run
     */
    Channels(int logSize, long base) {
        this.logSize = logSize;
        for (Channel c : Channel.values()) {
            seqs.put(c, new long[] {base});
        }
    }

    /** Adds the feed of a channel; before serving. */
    void register(Feed feed) {
        feeds.put(feed.channel(), feed);
        if (feed.channel().log()) {
            logs.put(feed.channel(), new EventLog(logSize, seqs.get(feed.channel())[0]));
        }
    }

    /** The channels served. */
    Set<Channel> served() {
        return feeds.keySet();
    }

    Feed feed(Channel channel) {
        return feeds.get(channel);
    }

    EventLog log(Channel channel) {
        return logs.get(channel);
    }

    /** Sequence number of a channel's latest change or event. */
    long seq(Channel channel) {
        return channel.log() ? logs.get(channel).head() : seqs.get(channel)[0];
    }

    /** A state channel changed: its next sequence number. */
    long advance(Channel channel) {
        return ++seqs.get(channel)[0];
    }
}
