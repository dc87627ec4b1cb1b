package org.gridwatch.web;

import io.vertx.core.http.ServerWebSocket;
import org.gridwatch.area.Scope;

/**
 * Who serves {@code /live} WebSockets once the HTTP server accepted the upgrade (the live hub).
 * Called on the socket's event loop; must not block.
 */
@FunctionalInterface
public interface LiveEndpoint {
    /**
     * @param socket  the accepted WebSocket
     * @param scope   what the connection may see
     * @param session the session to resume ({@code ?session=}), or null
     */
    void connect(ServerWebSocket socket, Scope scope, String session);
}
