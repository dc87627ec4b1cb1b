package org.gridwatch.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gridwatch.alert.AlertChange;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.Authenticated;
import org.gridwatch.codec.IncidentJson;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.pipeline.Ticker;
import org.gridwatch.post.PostChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live hub behind {@code /live} (docs/live-protocol.md): connections, their subscriptions,
 * and the flow of changes from the feeds to the sockets. Its parts: {@link LiveProtocol} (parse and
 * encode frames), {@link Subscriptions} (connections, groups, resume), {@link Flusher} (pending
 * changes, conflation, resync, flow control), {@link Channels} (feeds, event logs, sequence
 * numbers).
 *
 * <p>Everything mutable lives on the hub's own lane ({@code gridwatch-live}): client frames,
 * published changes, appended events, periodic ticks and flushes are tasks on it, so there are no
 * locks. The push channels' feeds are {@link Stage}s of the change streams ({@link #unitsStage()}
 * and so on): they hand each committed batch to the lane and return at once.
 *
 * <p>Thread-safety: public methods may be called from any thread.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    /** How often expired sessions are dropped, ms. */
    private static final long SWEEP_MILLIS = 10_000;
    /** How often each connection's credential is checked (expired, revoked), ms. */
    static final long CREDENTIAL_CHECK_MILLIS = 2_000;

    private final Vertx vertx;
    private final GridWatchConfig.Live limits;
    private final Clock clock;
    private final Lane lane;
    private final Channels channels;
    private final Subscriptions subscriptions;
    private final Flusher flusher;
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final AtomicLong pendingKeys = new AtomicLong();
    private final UnitsFeed units;
    private final IncidentsFeed incidents;
    private final AlertsFeed alerts;
    private final PostsFeed posts;
    private final TilesFeed tiles;
    private final List<PolledFeed> polled;
    private final List<Ticker> tickers = new ArrayList<>();

    /**
     * A hub serving every channel from the server's live state; {@link #start()} starts its ticks.
     *
     * @param sources  the live state the channels are served from
     * @param limits   the {@code live.*} settings
     * @param clock    time of frames and snapshots
     * @param registry where the hub's meters go ({@code gridwatch.live.*})
     */
    public LiveHub(Vertx vertx, LiveSources sources, GridWatchConfig.Live limits, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.limits = limits;
        this.clock = clock;
        this.lane = new Lane(vertx, "gridwatch-live", 2_000);
        this.channels = new Channels(limits.logSize(), clock.millis() * 1000);
        this.subscriptions = new Subscriptions(connectionCount, subscriptionCount);
        this.flusher = new Flusher(limits, clock, lane, channels, pendingKeys, registry);
        this.units = new UnitsFeed(this, sources.positions());
        this.incidents = new IncidentsFeed(this, sources.incidents().index(), new IncidentJson(sources.areas(), sources.timeLimits(),
                sources.posts().calendar()::isWorkingDay));
        this.alerts = new AlertsFeed(this, sources.alerts());
        this.posts = new PostsFeed(this, sources.posts());
        this.tiles = new TilesFeed(this);
        this.polled = List.of(new HeatFeed(this, sources.heat()), new CoverageFeed(this, sources.coverage(), sources.areas()),
                new StatsFeed(this, sources), new AlertGroupsFeed(this, sources.alerts(), sources.areas()));
        for (Feed f : List.of(units, polled.get(0), polled.get(1), incidents, posts, alerts, polled.get(2), polled.get(3),
                tiles)) {
            channels.register(f);
        }
        Gauge.builder("gridwatch.live.connections", connectionCount, AtomicInteger::get)
                .description("open /live connections").register(registry);
        Gauge.builder("gridwatch.live.subscriptions", subscriptionCount, AtomicInteger::get)
                .description("live subscriptions").register(registry);
        Gauge.builder("gridwatch.live.pending", pendingKeys, AtomicLong::get)
                .description("changed keys held for slow clients").register(registry);
    }

    /** Seeds the push feeds from the current state and starts the periodic feeds and the session sweep. */
    public void start() {
        units.seed();
        posts.seed();
        for (PolledFeed f : polled) {
            tickers.add(Ticker.every(vertx, lane, f.periodMillis(), () -> run(() -> f.tick(now()))));
        }
        tickers.add(Ticker.every(vertx, lane, SWEEP_MILLIS, () -> subscriptions.sweep(clock.millis())));
        tickers.add(Ticker.every(vertx, lane, CREDENTIAL_CHECK_MILLIS, () -> run(this::checkCredentials)));
    }

    /** Stage {@code live} of the {@code positions} stream: channel {@code units}. */
    public Stage<UnitChange> unitsStage() {
        return units;
    }

    /** Stage {@code live} of the {@code incidents} stream: channel {@code incidents}. */
    public Stage<IncidentChange> incidentsStage() {
        return incidents;
    }

    /** Stage {@code live} of the {@code alerts} stream: channel {@code alerts}. */
    public Stage<AlertChange> alertsStage() {
        return alerts;
    }

    /** Stage {@code live} of the {@code posts} stream: channel {@code posts}. */
    public Stage<PostChange> postsStage() {
        return posts;
    }

    /** Channel {@code tiles}: hears of the tiles the streams' {@code tiles} stages touched. */
    public org.gridwatch.tileset.TileChanges.Listener tilesListener() {
        return tiles;
    }

    /** Runs a task on the hub lane, then flushes what it changed. Any thread. */
    void execute(Runnable task) {
        lane.execute(() -> run(task));
    }

    private void run(Runnable task) {
        try {
            task.run();
        } finally {
            flusher.flushDirty();
        }
    }

    /** The hub's current time. */
    Instant now() {
        return clock.instant();
    }

    /** The channels served. */
    public Set<Channel> channels() {
        return channels.served();
    }

    // ---------------------------------------------------------------- connections

    /**
     * Takes over an accepted WebSocket: sends {@code welcome} and serves the protocol until it
     * closes, or until its credential ends: then it gets an {@code error} {@code unauthenticated}
     * saying why and is closed (1008). A client message over {@link LiveProtocol#MAX_MESSAGE_BYTES}
     * gets {@code error too_large} and the connection is closed (1009). Call on the socket's event
     * loop, right after the upgrade.
     *
     * @param scope   what the connection may see
     * @param session the session to resume ({@code ?session=}), or null
     * @param auth    who the connection is answered for
     * @param ended   why the credential is no longer valid, or empty while it is (checked every
     *                {@link #CREDENTIAL_CHECK_MILLIS} ms on the hub lane; must not block)
     */
    public void connect(ServerWebSocket socket, Scope scope, String session, Authenticated auth,
                        Supplier<Optional<String>> ended) {
        Connection c = new Connection(socket, UUID.randomUUID().toString(), scope,
                auth.principal().kind().id() + ":" + auth.principal().id(), ended);
        // Frames, not Vert.x's message aggregation: the hub measures messages itself (InboundMessages).
        socket.frameHandler(new InboundMessages(LiveProtocol.MAX_MESSAGE_BYTES, new InboundMessages.Sink() {
            @Override
            public void text(String message) {
                execute(() -> onFrame(c, message));
            }

            @Override
            public void binary() {
                execute(() -> flusher.sendError(c, null, "bad_frame",
                        "binary frames are not part of the protocol; send JSON text frames"));
            }

            @Override
            public void malformed(String why) {
                execute(() -> flusher.sendError(c, null, "bad_frame", why));
            }

            @Override
            public void tooLarge(long bytes) {
                execute(() -> refuseTooLarge(c, bytes));
            }
        })::frame);
        socket.closeHandler(v -> execute(() -> disconnect(c)));
        socket.exceptionHandler(e -> LOG.debug("live connection {}: {}", c.session, e.toString()));
        execute(() -> {
            subscriptions.open(c, session, clock.millis());
            flusher.send(c, LiveProtocol.welcome(c.session, clock.instant(), channels.served(), limits.resumeSeconds(),
                    limits.maxSubscriptions()));
        });
    }

    /** Closes the connections whose credential ended, each told why. Hub lane. */
    private void checkCredentials() {
        for (Connection c : List.copyOf(subscriptions.connections())) {
            Optional<String> why;
            try {
                why = c.ended.get();
            } catch (RuntimeException e) {
                LOG.warn("live connection {}: credential check failed: {}", c.session, e.toString());
                continue;
            }
            if (why.isPresent()) {
                flusher.sendError(c, null, LiveProtocol.UNAUTHENTICATED, why.get() + "; log in again");
                disconnect(c);
                c.socket.close((short) 1008, "unauthenticated");
            }
        }
    }

    /**
     * Answers a client message over {@link LiveProtocol#MAX_MESSAGE_BYTES}: {@code error too_large},
     * then close 1009 (the rest of the message is not read, so the connection cannot go on). Hub lane.
     */
    private void refuseTooLarge(Connection c, long bytes) {
        if (c.closed) {
            return;
        }
        flusher.sendError(c, null, LiveProtocol.TOO_LARGE, "a message may be at most " + LiveProtocol.MAX_MESSAGE_BYTES
                + " bytes; this one has more (" + bytes + " read so far); the connection is closed (1009)");
        disconnect(c);
        c.socket.close(LiveProtocol.CLOSE_TOO_BIG, "message too big");
    }

    private void disconnect(Connection c) {
        for (Subscription s : subscriptions.close(c, clock.millis(), limits.resumeSeconds())) {
            flusher.forget(s);
        }
        flusher.forget(c);
    }

    // ---------------------------------------------------------------- client frames

    private void onFrame(Connection c, String text) {
        if (c.closed) {
            return;
        }
        try {
            LiveProtocol.ClientFrame frame = LiveProtocol.parse(text, channels.served());
            if (frame instanceof LiveProtocol.Subscribe s) {
                subscribe(c, s, null);
            } else if (frame instanceof LiveProtocol.Resume r) {
                resume(c, r);
            } else if (frame instanceof LiveProtocol.Unsubscribe u) {
                unsubscribe(c, u.id());
            } else {
                flusher.send(c, LiveProtocol.pong(clock.instant()));
            }
        } catch (LiveException e) {
            flusher.sendError(c, LiveProtocol.idOf(text), e.code(), e.getMessage());
        }
    }

    /**
     * Creates a subscription, owing a snapshot unless {@code since} lets a log subscription catch
     * up from its log.
     */
    private void subscribe(Connection c, LiveProtocol.Subscribe def, Long since) {
        subscriptions.checkRoom(c, def.id(), limits.maxSubscriptions());
        Feed.Spec spec = channels.feed(def.channel()).spec(def.params(), c.scope);
        Subscription s = new Subscription(c, def.id(), def.channel(), spec, new Filter(def.bbox(), c.scope, spec.tags()),
                def.bboxJson(), def.params());
        if (def.channel().log()) {
            EventLog log = channels.log(def.channel());
            if (since != null && log.covers(since)) {
                s.cursor = since;
                s.needsSnapshot = false;
            }
        }
        subscriptions.add(s);
        flusher.markDirty(c);
    }

    private void resume(Connection c, LiveProtocol.Resume r) {
        JsonObject def = r.definition() != null ? r.definition() : c.retained.get(r.id());
        if (def == null) {
            throw new LiveException("unknown_subscription", "id: no subscription \"" + r.id()
                    + "\" to resume in this session; send channel, bbox and params, or subscribe afresh");
        }
        subscribe(c, LiveProtocol.subscription(def.copy().put("id", r.id()), channels.served()), r.since());
    }

    private void unsubscribe(Connection c, String id) {
        Subscription s = c.subscriptions.get(id);
        if (s == null) {
            throw new LiveException("unknown_subscription", "id: no subscription \"" + id + "\" on this connection");
        }
        flusher.forget(s);
        subscriptions.remove(s);
    }

    // ---------------------------------------------------------------- sources (hub lane)

    /** The groups of a state channel that have subscribers, each with one subscription's settings. */
    Map<String, Object> activeGroups(Channel channel) {
        return subscriptions.activeGroups(channel);
    }

    /** Publishes changes of a state channel to the subscriptions of {@code group} (all groups when null). */
    void publish(Channel channel, String group, List<Feed.Change> changes) {
        lane.checkCurrent();
        if (changes.isEmpty()) {
            return;
        }
        channels.advance(channel);
        for (List<Subscription> subs : subscriptions.receivers(channel, group)) {
            flusher.offer(subs, subscriptions.index(subs), changes);
        }
    }

    /** Appends an event to a log channel; its subscribers catch up at the next flush. */
    void append(Channel channel, Item item) {
        lane.checkCurrent();
        channels.log(channel).append(item, clock.millis());
        for (List<Subscription> subs : subscriptions.receivers(channel, null)) {
            for (Subscription s : subs) {
                flusher.markDirty(s.connection);
            }
        }
    }

    /** Completes once every task given to the hub before this call has run (tests: quiescence). */
    public CompletableFuture<Void> drain() {
        return lane.drain();
    }

    /** Tasks given to the hub lane so far (tests: quiescence). */
    public long tasks() {
        return lane.submitted();
    }

    /** Stops the ticks and the hub lane; connections are closed by the HTTP server. */
    @Override
    public void close() {
        tickers.forEach(Ticker::close);
        lane.close();
    }

    // ---------------------------------------------------------------- observation (tests, metrics)

    /**
     * A consistent view of the hub's load, taken on the hub lane.
     *
     * @param connections   open connections
     * @param subscriptions subscriptions
     * @param pendingKeys   changed keys held for slow clients, all subscriptions
     * @param inFlightBytes bytes handed to sockets and not yet sent, all connections
     */
    public record Load(int connections, int subscriptions, long pendingKeys, long inFlightBytes) {
    }

    /** The hub's current load. */
    public CompletableFuture<Load> load() {
        return lane.submit(() -> {
            long bytes = 0;
            int subs = 0;
            long pending = 0;
            for (Connection c : subscriptions.connections()) {
                bytes += c.inFlight.get();
                subs += c.subscriptions.size();
                for (Subscription s : c.subscriptions.values()) {
                    pending += s.pending.size();
                }
            }
            return new Load(subscriptions.connections().size(), subs, pending, bytes);
        });
    }
}
