package org.gridwatch.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.gridwatch.area.Scope;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.vocab.Term;
import org.gridwatch.codec.IncidentJson;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live hub behind {@code /live} (docs/live-protocol.md): connections, their subscriptions,
 * and the flow of changes from the feeds to the sockets.
 *
 * <p>Everything mutable lives on the hub's own thread ({@code gridwatch-live}): client frames,
 * published changes, appended events, periodic ticks and flushes are tasks on it, so there are
 * no locks. Sources call {@link #execute} (or the feed methods, which do) and return at once.
 *
 * <p>Flow control: bytes handed to a socket and not yet sent are counted per connection. A flush
 * stops writing to a connection once {@code live.write-queue-bytes} are in flight; meanwhile state
 * subscriptions keep only the latest value per changed key (conflation) and log subscriptions only
 * a cursor. A state subscription with more than {@code live.max-pending} changed keys, or a log
 * subscription whose cursor fell off its {@link EventLog}, gets {@code resync} and later a fresh
 * snapshot. Memory per connection is thus bounded by the limits, whatever the client does.
 *
 * <p>Thread-safety: public methods may be called from any thread.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final int MAX_ID_LENGTH = 64;
    /** How often expired sessions are dropped, ms. */
    private static final long SWEEP_MILLIS = 10_000;
    private static final Set<String> FRAME_KEYS = Set.of("op", "id", "channel", "bbox", "params", "since");

    private final GridWatchConfig.Live limits;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Map<Channel, Feed> feeds = new EnumMap<>(Channel.class);
    private final Map<Channel, EventLog> logs = new EnumMap<>(Channel.class);
    /** Per state channel: the sequence number of its latest change. */
    private final Map<Channel, long[]> seqs = new EnumMap<>(Channel.class);
    /** Per channel, per group: the subscriptions receiving its changes. */
    private final Map<Channel, Map<String, List<Subscription>>> groups = new EnumMap<>(Channel.class);
    /** Spatial index of each group's subscriptions (by list identity), dropped when the group changes. */
    private final Map<List<Subscription>, SubscriptionIndex> indexes = new IdentityHashMap<>();
    private final Set<Connection> connections = new HashSet<>();
    /** Connections with something to flush, in order of first change. */
    private final Set<Connection> dirty = new LinkedHashSet<>();
    private final Map<String, Retained> retained = new HashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final AtomicLong pendingKeys = new AtomicLong();
    private final MeterRegistry registry;
    private final Counter resyncs;

    /** Subscription definitions of a dropped connection, kept for resume until {@code expires} (epoch ms). */
    private record Retained(Map<String, JsonObject> definitions, long expires) {
    }

    /**
     * @param limits   the {@code live.*} settings
     * @param clock    time of frames and snapshots
     * @param registry where the hub's meters go ({@code gridwatch.live.*})
     */
    public LiveHub(GridWatchConfig.Live limits, Clock clock, MeterRegistry registry) {
        this.limits = limits;
        this.clock = clock;
        this.registry = registry;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gridwatch-live");
            t.setDaemon(true);
            return t;
        });
        // Sequence numbers start above every number a previous run can have used (ms × 1000), so
        // a client resuming across a restart never mistakes old numbers for new ones.
        long base = clock.millis() * 1000;
        for (Channel c : Channel.values()) {
            seqs.put(c, new long[] {base});
            groups.put(c, new HashMap<>());
        }
        Gauge.builder("gridwatch.live.connections", connectionCount, AtomicInteger::get)
                .description("open /live connections").register(registry);
        Gauge.builder("gridwatch.live.subscriptions", subscriptionCount, AtomicInteger::get)
                .description("live subscriptions").register(registry);
        Gauge.builder("gridwatch.live.pending", pendingKeys, AtomicLong::get)
                .description("changed keys held for slow clients").register(registry);
        this.resyncs = Counter.builder("gridwatch.live.resyncs").description("subscriptions resynchronised")
                .register(registry);
    }

    /**
     * A hub serving every channel from the running server's parts, its ticks started.
     *
     * @param services the live parts of the server
     */
    public static LiveHub start(LiveSources services, GridWatchConfig.Live limits, Clock clock, MeterRegistry registry) {
        LiveHub hub = new LiveHub(limits, clock, registry);
        UnitsFeed units = new UnitsFeed(hub, services.positions());
        HeatFeed heat = new HeatFeed(hub, services.heat());
        CoverageFeed coverage = new CoverageFeed(hub, services.coverage(), services.areas());
        IncidentsFeed incidents = new IncidentsFeed(hub, services.incidents(), new IncidentJson(services.areas()));
        AlertsFeed alerts = new AlertsFeed(hub, services.alerts());
        PostsFeed posts = new PostsFeed(hub, services.posts());
        StatsFeed stats = new StatsFeed(hub, services);
        for (Feed f : List.of(units, heat, coverage, incidents, posts, alerts, stats)) {
            hub.register(f);
        }
        units.start();
        incidents.start();
        alerts.start();
        heat.start();
        coverage.start();
        posts.start();
        stats.start();
        hub.schedule(hub::sweep, SWEEP_MILLIS);
        return hub;
    }

    /** Adds the feed of a channel; before any connection. */
    void register(Feed feed) {
        feeds.put(feed.channel(), feed);
        if (feed.channel().log()) {
            logs.put(feed.channel(), new EventLog(limits.logSize(), seqs.get(feed.channel())[0]));
        }
    }

    /** Runs {@code task} on the hub thread every {@code periodMillis}. */
    void schedule(Runnable task, long periodMillis) {
        thread.scheduleAtFixedRate(() -> run(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs a task on the hub thread, then flushes what it changed. Any thread. */
    void execute(Runnable task) {
        try {
            thread.execute(() -> run(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("live hub closed; task dropped");
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
            flushDirty();
        } catch (RuntimeException e) {
            LOG.error("live hub task failed", e);
        }
    }

    /** The hub's current time. */
    Instant now() {
        return clock.instant();
    }

    /** The channels served. */
    public Set<Channel> channels() {
        return feeds.keySet();
    }

    // ---------------------------------------------------------------- connections

    /**
     * Takes over an accepted WebSocket: sends {@code welcome} and serves the protocol until it
     * closes. Call on the socket's event loop, right after the upgrade.
     *
     * @param scope   what the connection may see
     * @param session the session to resume ({@code ?session=}), or null
     */
    public void connect(ServerWebSocket socket, Scope scope, String session) {
        Connection c = new Connection(socket, UUID.randomUUID().toString(), scope);
        socket.textMessageHandler(text -> execute(() -> onFrame(c, text)));
        socket.binaryMessageHandler(b -> execute(() -> sendError(c, null, "bad_frame",
                "binary frames are not part of the protocol; send JSON text frames")));
        socket.closeHandler(v -> execute(() -> disconnect(c)));
        socket.exceptionHandler(e -> LOG.debug("live connection {}: {}", c.session, e.toString()));
        execute(() -> open(c, session));
    }

    private void open(Connection c, String session) {
        connections.add(c);
        connectionCount.incrementAndGet();
        if (session != null) {
            Retained r = retained.remove(session);
            if (r != null && r.expires >= clock.millis()) {
                c.retained = r.definitions;
            }
        }
        JsonArray channels = new JsonArray();
        feeds.keySet().forEach(ch -> channels.add(ch.id()));
        send(c, new JsonObject().put("op", "welcome").put("session", c.session).put("time", clock.instant().toString())
                .put("channels", channels).put("resumeSeconds", limits.resumeSeconds())
                .put("maxSubscriptions", limits.maxSubscriptions()).encode());
    }

    private void disconnect(Connection c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        connections.remove(c);
        dirty.remove(c);
        connectionCount.decrementAndGet();
        Map<String, JsonObject> defs = new LinkedHashMap<>();
        for (Subscription s : List.copyOf(c.subscriptions.values())) {
            defs.put(s.id, definition(s));
            remove(s);
        }
        if (!defs.isEmpty() && limits.resumeSeconds() > 0) {
            retained.put(c.session, new Retained(defs, clock.millis() + limits.resumeSeconds() * 1000L));
        }
    }

    /** Drops retained sessions past their time. Hub thread. */
    void sweep() {
        long now = clock.millis();
        retained.values().removeIf(r -> r.expires < now);
    }

    private static JsonObject definition(Subscription s) {
        return new JsonObject().put("channel", s.channel.id()).put("bbox", s.bboxJson).put("params", s.paramsJson);
    }

    // ---------------------------------------------------------------- client frames

    private void onFrame(Connection c, String text) {
        if (c.closed) {
            return;
        }
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            sendError(c, null, "bad_frame", "not a JSON object: " + e.getMessage());
            return;
        }
        String id = msg.getValue("id") instanceof String s ? s : null;
        try {
            for (String key : msg.fieldNames()) {
                if (!FRAME_KEYS.contains(key)) {
                    throw new LiveException("bad_frame", key + ": unknown field");
                }
            }
            Object op = msg.getValue("op");
            if (!(op instanceof String)) {
                throw new LiveException("bad_op", "op: missing; one of subscribe, unsubscribe, resume, ping");
            }
            switch ((String) op) {
                case "subscribe" -> subscribe(c, msg, null);
                case "resume" -> resume(c, msg);
                case "unsubscribe" -> unsubscribe(c, msg);
                case "ping" -> send(c, new JsonObject().put("op", "pong").put("time", clock.instant().toString()).encode());
                default -> throw new LiveException("bad_op", "op: unknown op \"" + op
                        + "\"; one of subscribe, unsubscribe, resume, ping");
            }
        } catch (LiveException e) {
            sendError(c, id, e.code(), e.getMessage());
        }
    }

    private static String id(JsonObject msg) {
        Object id = msg.getValue("id");
        if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            throw new LiveException("bad_id", "id: must be a string of 1–" + MAX_ID_LENGTH + " characters");
        }
        return s;
    }

    /**
     * Creates a subscription from {@code msg} (or, for resume, from a retained definition), owing a
     * snapshot unless {@code since} lets a log subscription catch up from its log.
     */
    private void subscribe(Connection c, JsonObject msg, Long since) {
        String id = id(msg);
        if (c.subscriptions.containsKey(id)) {
            throw new LiveException("duplicate_id", "id: subscription \"" + id + "\" exists on this connection");
        }
        if (c.subscriptions.size() >= limits.maxSubscriptions()) {
            throw new LiveException("too_many_subscriptions", "at most " + limits.maxSubscriptions()
                    + " subscriptions per connection");
        }
        Object ch = msg.getValue("channel");
        Channel channel = ch instanceof String s ? Channel.parse(s).orElse(null) : null;
        Feed feed = channel == null ? null : feeds.get(channel);
        if (feed == null) {
            throw new LiveException("unknown_channel", "channel: unknown channel " + Json.encode(ch) + "; one of "
                    + String.join(", ", feeds.keySet().stream().map(Term::id).toList()));
        }
        Object bboxValue = msg.getValue("bbox");
        Envelope bbox = bbox(bboxValue);
        Object paramsValue = msg.getValue("params");
        if (paramsValue != null && !(paramsValue instanceof JsonObject)) {
            throw new LiveException("bad_param", "params: must be a JSON object");
        }
        JsonObject params = paramsValue == null ? new JsonObject() : (JsonObject) paramsValue;
        Feed.Spec spec = feed.spec(params, c.scope);
        Subscription s = new Subscription(c, id, channel, spec, new Filter(bbox, c.scope, spec.tags()),
                (JsonArray) bboxValue, params);
        if (channel.log()) {
            EventLog log = logs.get(channel);
            if (since != null && log.covers(since)) {
                s.cursor = since;
                s.needsSnapshot = false;
            }
        }
        c.subscriptions.put(id, s);
        List<Subscription> group = groups.get(channel).computeIfAbsent(spec.group(), g -> new ArrayList<>());
        group.add(s);
        indexes.remove(group);
        subscriptionCount.incrementAndGet();
        dirty.add(c);
    }

    private void resume(Connection c, JsonObject msg) {
        String id = id(msg);
        Object since = msg.getValue("since");
        if (!(since instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new LiveException("bad_param", "since: must be the integer seq of the last frame applied");
        }
        JsonObject def = msg.containsKey("channel") ? msg : c.retained.get(id);
        if (def == null) {
            throw new LiveException("unknown_subscription", "id: no subscription \"" + id
                    + "\" to resume in this session; send channel, bbox and params, or subscribe afresh");
        }
        JsonObject full = def.copy().put("id", id);
        subscribe(c, full, n.longValue());
    }

    private void unsubscribe(Connection c, JsonObject msg) {
        String id = id(msg);
        Subscription s = c.subscriptions.get(id);
        if (s == null) {
            throw new LiveException("unknown_subscription", "id: no subscription \"" + id + "\" on this connection");
        }
        remove(s);
    }

    private void remove(Subscription s) {
        s.connection.subscriptions.remove(s.id);
        Map<String, List<Subscription>> byGroup = groups.get(s.channel);
        List<Subscription> g = byGroup.get(s.spec.group());
        g.remove(s);
        indexes.remove(g);
        if (g.isEmpty()) {
            byGroup.remove(s.spec.group());
        }
        pendingKeys.addAndGet(-s.pending.size());
        subscriptionCount.decrementAndGet();
    }

    private static Envelope bbox(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray a) || a.size() != 4) {
            throw new LiveException("bad_bbox", "bbox: must be [minLon, minLat, maxLon, maxLat]");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!(a.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new LiveException("bad_bbox", "bbox: element " + i + " is not a finite number");
            }
            v[i] = n.doubleValue();
        }
        if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
            throw new LiveException("bad_bbox", "bbox: longitudes must lie in [-180, 180] and latitudes in [-90, 90]");
        }
        if (v[0] > v[2] || v[1] > v[3]) {
            throw new LiveException("bad_bbox", "bbox: min must not exceed max");
        }
        return new Envelope(v[0], v[2], v[1], v[3]);
    }

    // ---------------------------------------------------------------- sources

    /** Sequence number of a channel's latest change or event. Hub thread. */
    long seq(Channel channel) {
        return channel.log() ? logs.get(channel).head() : seqs.get(channel)[0];
    }

    /** The groups of a state channel that have subscribers, each with one subscription's settings. Hub thread. */
    Map<String, Object> activeGroups(Channel channel) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.get(channel).forEach((g, subs) -> out.put(g, subs.get(0).spec.settings()));
        return out;
    }

    /**
     * Publishes changes of a state channel to the subscriptions of {@code group} (all groups when
     * null). Hub thread.
     */
    void publish(Channel channel, String group, List<Feed.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        seqs.get(channel)[0]++;
        if (group == null) {
            groups.get(channel).values().forEach(subs -> offer(subs, changes));
        } else {
            List<Subscription> subs = groups.get(channel).get(group);
            if (subs != null) {
                offer(subs, changes);
            }
        }
    }

    private void offer(List<Subscription> subs, List<Feed.Change> changes) {
        SubscriptionIndex index = indexes.computeIfAbsent(subs, SubscriptionIndex::new);
        Map<Subscription, Integer> touched = new IdentityHashMap<>();   // → pending keys before
        for (Feed.Change ch : changes) {
            index.candidates(ch.after(), ch.before(), s -> {
                if (s.needsSnapshot) {
                    return; // the snapshot will carry the current state
                }
                if (ch.after() != null && s.filter.matches(ch.after())) {
                    touched.putIfAbsent(s, s.pending.size());
                    s.pending.put(ch.key(), ch.after().json());
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

    /** Appends an event to a log channel. Hub thread. */
    void append(Channel channel, Item item) {
        logs.get(channel).append(item, clock.millis());
        for (List<Subscription> subs : groups.get(channel).values()) {
            for (Subscription s : subs) {
                dirty.add(s.connection);
            }
        }
    }

    private void resync(Subscription s) {
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        s.needsSnapshot = true;
        s.resyncOwed = true;
        resyncs.increment();
        dirty.add(s.connection);
    }

    // ---------------------------------------------------------------- flushing

    private void flushDirty() {
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
    private void flush(Connection c) {
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
        if (c.inFlight.get() < limits.writeQueueBytes() / 2 && c.blocked.compareAndSet(true, false)) {
            return false;
        }
        return true;
    }

    private void sendSnapshot(Subscription s) {
        Instant now = clock.instant();
        long seq = seq(s.channel);
        Feed.Snapshot snap = feeds.get(s.channel).snapshot(s, now);
        StringBuilder b = header("snapshot", s, seq);
        if (s.channel == Channel.STATS) {
            b.append(snap.items().isEmpty() ? "{}" : snap.items().get(0).json());
        } else {
            String extra = snap.extra().encode();
            b.append(extra, 0, extra.length() - 1).append(snap.extra().isEmpty() ? "" : ",").append("\"items\":[");
            appendJoined(b, snap.items(), Item::json);
            b.append("]}");
        }
        b.append('}');
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        s.needsSnapshot = false;
        if (s.channel.log()) {
            s.cursor = seq;
            s.cursorTime = now.toEpochMilli();
        }
        send(s.connection, b.toString());
    }

    private void sendDelta(Subscription s) {
        StringBuilder b = header("delta", s, seq(s.channel));
        if (s.channel == Channel.STATS) {
            b.append(s.pending.values().iterator().next());
        } else {
            b.append("{\"upsert\":[");
            boolean first = true;
            for (String json : s.pending.values()) {
                if (json != Subscription.REMOVED) {
                    b.append(first ? "" : ",").append(json);
                    first = false;
                }
            }
            b.append("],\"remove\":[");
            first = true;
            for (Map.Entry<String, String> e : s.pending.entrySet()) {
                if (e.getValue() == Subscription.REMOVED) {
                    b.append(first ? "" : ",").append(Json.encode(e.getKey()));
                    first = false;
                }
            }
            b.append("]}");
        }
        b.append('}');
        pendingKeys.addAndGet(-s.pending.size());
        s.pending.clear();
        send(s.connection, b.toString());
    }

    /** Delivers the log events after the cursor, or resyncs when they are no longer held. */
    private void catchUp(Subscription s) {
        EventLog log = logs.get(s.channel);
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
        if (items.isEmpty()) {
            return;
        }
        StringBuilder b = header("delta", s, s.cursor).append("{\"items\":[");
        appendJoined(b, items, Item::json);
        send(s.connection, b.append("]}}").toString());
    }

    /** Tells the client its subscription's state was dropped; a snapshot follows. */
    private void sendResync(Subscription s) {
        send(s.connection, "{\"op\":\"resync\",\"id\":" + Json.encode(s.id) + ",\"reason\":\"slow_consumer\"}");
        s.resyncOwed = false;
    }

    private static StringBuilder header(String op, Subscription s, long seq) {
        return new StringBuilder(256).append("{\"op\":\"").append(op).append("\",\"id\":").append(Json.encode(s.id))
                .append(",\"channel\":\"").append(s.channel.id()).append("\",\"seq\":").append(seq).append(",\"data\":");
    }

    private static <T> void appendJoined(StringBuilder b, List<T> items, Function<T, String> json) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(json.apply(items.get(i)));
        }
    }

    private void sendError(Connection c, String id, String code, String message) {
        JsonObject e = new JsonObject().put("op", "error");
        if (id != null) {
            e.put("id", id);
        }
        send(c, e.put("code", code).put("message", message).encode());
        registry.counter("gridwatch.live.errors", "code", code).increment();
    }

    /** Hands a frame to the socket, counting its bytes in flight until the write completes. */
    private void send(Connection c, String frame) {
        if (c.closed) {
            return;
        }
        long size = frame.length();
        c.inFlight.addAndGet(size);
        c.socket.writeTextMessage(frame).onComplete(ar -> {
            long left = c.inFlight.addAndGet(-size);
            if (left < limits.writeQueueBytes() / 2 && c.blocked.compareAndSet(true, false)) {
                execute(() -> flush(c));
            }
        });
    }

    /** Stops the hub thread; connections are closed by the HTTP server. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    // ---------------------------------------------------------------- observation (tests, metrics)

    /**
     * A consistent view of the hub's load, taken on the hub thread.
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
        CompletableFuture<Load> f = new CompletableFuture<>();
        execute(() -> {
            long bytes = 0;
            int subs = 0;
            long pending = 0;
            for (Connection c : connections) {
                bytes += c.inFlight.get();
                subs += c.subscriptions.size();
                for (Subscription s : c.subscriptions.values()) {
                    pending += s.pending.size();
                }
            }
            f.complete(new Load(connections.size(), subs, pending, bytes));
        });
        return f;
    }
}
