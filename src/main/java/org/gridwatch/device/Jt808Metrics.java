package org.gridwatch.device;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridwatch.jt808.MessageIds;

/**
 * The gateway's counters: {@code gridwatch_jt808_frames_total{msg,result}} (every frame by message
 * id, e.g. {@code 0x0200}, for the ids the gateway knows ({@link MessageIds#name}), {@code other}
 * for any other id (so a terminal sending every id cannot grow the label's values), or {@code none}
 * when its header cannot be read, and what became of it)
 * and the gauge {@code gridwatch_jt808_connections}. Thread-safe.
 */
final class Jt808Metrics {
    /** Results of a frame (the {@code result} label). */
    static final String OK = "ok";
    static final String UNKNOWN_TERMINAL = "unknown_terminal";
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String AUTH_FAILED = "auth_failed";
    static final String NOT_SUPPORTED = "not_supported";
    static final String BAD_BODY = "bad_body";
    static final String DROPPED = "dropped";
    static final String STORE_FAILED = "store_failed";
    static final String NOT_POSITIONED = "not_positioned";
    static final String REFUSED = "registration_refused";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    Jt808Metrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("gridwatch.jt808.connections", connections, AtomicInteger::get)
                .description("JT/T 808 terminal connections open").register(registry);
    }

    /** Counts one frame of message {@code messageId} (negative: unreadable header) with {@code result}. */
    void frame(int messageId, String result) {
        String msg = messageId < 0 ? "none"
                : MessageIds.name(messageId).equals("other") ? "other" : String.format("0x%04x", messageId);
        counters.computeIfAbsent(msg + " " + result, k -> Counter.builder("gridwatch.jt808.frames")
                .description("JT/T 808 frames received, by message and what became of them")
                .tag("msg", msg).tag("result", result).register(registry)).increment();
    }

    /** The connection count, shared by every gateway instance. */
    AtomicInteger connections() {
        return connections;
    }
}
