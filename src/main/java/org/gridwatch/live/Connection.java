package org.gridwatch.live;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gridwatch.area.Scope;

/**
 * One client connection: its socket, scope, principal, session and subscriptions, and the bytes written to
 * it but not yet sent. Subscriptions are confined to the hub thread; the byte count and the
 * blocked flag are atomic because write completions arrive on the socket's event loop.
 */
final class Connection {
    final ServerWebSocket socket;
    final String session;
    final Scope scope;
    /** Who the connection is answered for ({@code kind:id}): a session resumes only for the same principal. */
    final String principal;
    /** Why the connection's credential is no longer valid, or empty while it is; never blocks. */
    final Supplier<Optional<String>> ended;
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** Subscription definitions of the session this connection resumed, by id (hub thread). */
    Map<String, JsonObject> retained = Map.of();
    final AtomicLong inFlight = new AtomicLong();
    /** Set when a flush stopped because too many bytes were in flight; cleared on drain. */
    final AtomicBoolean blocked = new AtomicBoolean();
    boolean closed;

    Connection(ServerWebSocket socket, String session, Scope scope, String principal, Supplier<Optional<String>> ended) {
        this.socket = socket;
        this.session = session;
        this.scope = scope;
        this.principal = principal;
        this.ended = ended;
    }
}
