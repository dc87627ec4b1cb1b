package org.gridwatch.live;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.gridwatch.codec.StrictJson;
import org.gridwatch.vocab.Term;
import org.locationtech.jts.geom.Envelope;

/**
 * The {@code /live} wire format (docs/live-protocol.md): client frames parsed into
 * {@link ClientFrame}s — every refusal a {@link LiveException} naming the field — and server
 * frames encoded as text. Stateless; thread-safe.
 */
final class LiveProtocol {
    /**
     * Largest client message, bytes of UTF-8 as received (after any transport decoding): a larger
     * one gets {@code error} {@link #TOO_LARGE} and the connection is closed with 1009. Subscriptions
     * are small; the HTTP server's transport limit per frame is larger, so that the server, not
     * the transport, measures and answers.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Error code of a client message over {@link #MAX_MESSAGE_BYTES}; the connection is closed (1009). */
    static final String TOO_LARGE = "too_large";
    /** WebSocket close status "message too big" (RFC 6455 §7.4.1). */
    static final short CLOSE_TOO_BIG = 1009;
    private static final int MAX_ID_LENGTH = 64;
    private static final Set<String> FRAME_KEYS = Set.of("op", "id", "channel", "bbox", "params", "since");

    private LiveProtocol() {
    }

    /** A parsed client frame. */
    sealed interface ClientFrame {
    }

    /**
     * {@code subscribe}, or the definition part of a {@code resume} that names its channel.
     *
     * @param id      the subscription id, 1–64 characters
     * @param channel the channel
     * @param bbox    the box, or null for everywhere
     * @param bboxJson the box as sent (kept for resume), or null
     * @param params  the channel's parameters (empty when absent), checked by the channel's feed
     */
    record Subscribe(String id, Channel channel, Envelope bbox, JsonArray bboxJson, JsonObject params)
            implements ClientFrame {
    }

    /**
     * {@code resume}: catch up a subscription from {@code since}.
     *
     * @param definition the definition sent with it, or null to take the session's retained one
     */
    record Resume(String id, long since, JsonObject definition) implements ClientFrame {
    }

    record Unsubscribe(String id) implements ClientFrame {
    }

    record Ping() implements ClientFrame {
    }

    /**
     * Parses a text frame.
     *
     * @param known the channels served, for messages
     * @throws LiveException with the protocol error code and a message naming the field
     */
    static ClientFrame parse(String text, Set<Channel> known) {
        JsonObject msg = object(text);
        for (String key : msg.fieldNames()) {
            if (!FRAME_KEYS.contains(key)) {
                throw new LiveException("bad_frame", key + ": unknown field");
            }
        }
        Object op = msg.getValue("op");
        if (!(op instanceof String)) {
            throw new LiveException("bad_op", "op: missing; one of subscribe, unsubscribe, resume, ping");
        }
        return switch ((String) op) {
            case "subscribe" -> subscription(msg, known);
            case "resume" -> resume(msg);
            case "unsubscribe" -> new Unsubscribe(id(msg));
            case "ping" -> new Ping();
            default -> throw new LiveException("bad_op", "op: unknown op \"" + op
                    + "\"; one of subscribe, unsubscribe, resume, ping");
        };
    }

    /**
     * A frame's text read strictly ({@link StrictJson}: no duplicate keys, no unpaired surrogates)
     * as a JSON object.
     *
     * @throws LiveException {@code bad_frame} naming what is wrong
     */
    private static JsonObject object(String text) {
        StrictJson.Document d;
        try {
            d = StrictJson.read(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw new LiveException("bad_frame", "the frame " + e.getMessage() + "; send one JSON object per text frame");
        }
        if (!(d.value() instanceof JsonObject msg)) {
            throw new LiveException("bad_frame", "the frame is not a JSON object; send one JSON object per text frame");
        }
        if (!d.faults().isEmpty()) {
            throw new LiveException("bad_frame", d.faults().get(0).describe());
        }
        return msg;
    }

    /** The id of a frame if it has a string one (for error frames), else null. */
    static String idOf(String text) {
        try {
            Object id = object(text).getValue("id");
            return id instanceof String s ? s : null;
        } catch (LiveException e) {
            return null;
        }
    }

    /** A subscription definition: a {@code subscribe} frame, or a retained or resent definition with its id. */
    static Subscribe subscription(JsonObject msg, Set<Channel> known) {
        String id = id(msg);
        Object ch = msg.getValue("channel");
        Channel channel = ch instanceof String s ? Channel.parse(s).filter(known::contains).orElse(null) : null;
        if (channel == null) {
            throw new LiveException("unknown_channel", "channel: unknown channel " + Json.encode(ch) + "; one of "
                    + String.join(", ", known.stream().map(Term::id).toList()));
        }
        Object bboxValue = msg.getValue("bbox");
        Envelope bbox = bbox(bboxValue);
        Object paramsValue = msg.getValue("params");
        if (paramsValue != null && !(paramsValue instanceof JsonObject)) {
            throw new LiveException("bad_param", "params: must be a JSON object");
        }
        return new Subscribe(id, channel, bbox, (JsonArray) bboxValue,
                paramsValue == null ? new JsonObject() : (JsonObject) paramsValue);
    }

    private static Resume resume(JsonObject msg) {
        String id = id(msg);
        Object since = msg.getValue("since");
        if (!(since instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new LiveException("bad_param", "since: must be the integer seq of the last frame applied");
        }
        return new Resume(id, n.longValue(), msg.containsKey("channel") ? msg : null);
    }

    private static String id(JsonObject msg) {
        Object id = msg.getValue("id");
        if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            throw new LiveException("bad_id", "id: must be a string of 1–" + MAX_ID_LENGTH + " characters");
        }
        return s;
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

    /** The definition of a subscription as kept for resume: channel, bbox and params as the client sent them. */
    static JsonObject definition(Subscription s) {
        return new JsonObject().put("channel", s.channel.id()).put("bbox", s.bboxJson).put("params", s.paramsJson);
    }

    // ---------------------------------------------------------------- server frames

    static String welcome(String session, Instant now, Set<Channel> channels, int resumeSeconds, int maxSubscriptions) {
        JsonArray ids = new JsonArray();
        channels.forEach(ch -> ids.add(ch.id()));
        return new JsonObject().put("op", "welcome").put("session", session).put("time", now.toString())
                .put("channels", ids).put("resumeSeconds", resumeSeconds).put("maxSubscriptions", maxSubscriptions)
                .encode();
    }

    static String pong(Instant now) {
        return new JsonObject().put("op", "pong").put("time", now.toString()).encode();
    }

    /** Error code of a connection closed because its credential ended (expired, revoked). */
    static final String UNAUTHENTICATED = "unauthenticated";

    static String error(String id, String code, String message) {
        JsonObject e = new JsonObject().put("op", "error");
        if (id != null) {
            e.put("id", id);
        }
        return e.put("code", code).put("message", message).encode();
    }

    static String resync(String id) {
        return "{\"op\":\"resync\",\"id\":" + Json.encode(id) + ",\"reason\":\"slow_consumer\"}";
    }

    /**
     * A snapshot: {@code data} is the items with the extra fields beside them, or for
     * {@code stats} the one object.
     */
    static String snapshot(Subscription s, long seq, Feed.Snapshot snap) {
        StringBuilder b = header("snapshot", s, seq);
        if (s.channel == Channel.STATS) {
            b.append(snap.items().isEmpty() ? "{}" : snap.items().get(0).json());
        } else {
            String extra = snap.extra().encode();
            b.append(extra, 0, extra.length() - 1).append(snap.extra().isEmpty() ? "" : ",").append("\"items\":[");
            appendJoined(b, snap.items(), Item::json);
            b.append("]}");
        }
        return b.append('}').toString();
    }

    /** A state channel's delta: the pending values ({@link Subscription#REMOVED} for keys that left). */
    static String stateDelta(Subscription s, long seq, Iterable<java.util.Map.Entry<String, Item>> pending) {
        StringBuilder b = header("delta", s, seq);
        if (s.channel == Channel.STATS) {
            b.append(pending.iterator().next().getValue().json());
            return b.append('}').toString();
        }
        b.append("{\"upsert\":[");
        boolean first = true;
        for (java.util.Map.Entry<String, Item> e : pending) {
            if (e.getValue() != Subscription.REMOVED) {
                b.append(first ? "" : ",").append(e.getValue().json());
                first = false;
            }
        }
        b.append("],\"remove\":[");
        first = true;
        for (java.util.Map.Entry<String, Item> e : pending) {
            if (e.getValue() == Subscription.REMOVED) {
                b.append(first ? "" : ",").append(Json.encode(e.getKey()));
                first = false;
            }
        }
        return b.append("]}}").toString();
    }

    /** A log channel's delta: the events after the subscription's cursor. */
    static String logDelta(Subscription s, long seq, List<Item> items) {
        StringBuilder b = header("delta", s, seq).append("{\"items\":[");
        appendJoined(b, items, Item::json);
        return b.append("]}}").toString();
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
}
