package org.gridwatch.web;

import io.vertx.core.http.ServerWebSocket;
import java.util.Optional;
import java.util.function.Supplier;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.Authenticated;

/**
 * Who serves {@code /live} WebSockets once the HTTP server accepted the upgrade (the live hub).
 * Called on the socket's event loop; must not block.
 */
@FunctionalInterface
public interface LiveEndpoint {
    /**
     * @param socket  the accepted WebSocket
     * @param scope   what the connection may see: the principal's jurisdiction, maybe narrowed
     * @param session the live session to resume ({@code ?session=}), or null
     * @param auth    who the connection is answered for
     * @param ended   why the credential is no longer valid (expired, revoked), or empty while it is:
     *                checked periodically, never blocking
     */
    void connect(ServerWebSocket socket, Scope scope, String session, Authenticated auth,
                 Supplier<Optional<String>> ended);
}
