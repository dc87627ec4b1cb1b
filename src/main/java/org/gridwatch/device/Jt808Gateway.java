package org.gridwatch.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;
import org.gridwatch.auth.Terminals;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.patrol.PositionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JT/T 808 gateway: a TCP port ({@code devices.jt808.*}) served by one verticle instance per
 * event loop (the port shared), each connection a {@link Jt808Connection} on the event loop that
 * accepted it. Connections beyond {@code max-connections} are closed at once; a connection that
 * sends nothing for {@code idle-timeout} is closed. Thread-safe.
 */
public final class Jt808Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Gateway.class);

    private final GridWatchConfig.Jt808 config;
    private final PositionService positions;
    private final Terminals terminals;
    private final Jt808Metrics metrics;
    private volatile int port = -1;
    private volatile String deploymentId;

    public Jt808Gateway(GridWatchConfig.Jt808 config, PositionService positions, Terminals terminals,
                        MeterRegistry registry) {
        this.config = config;
        this.positions = positions;
        this.terminals = terminals;
        this.metrics = new Jt808Metrics(registry);
    }

    /** Opens the port; completes with it (the one bound, when configured 0). */
    public Future<Integer> start(Vertx vertx) {
        int instances = config.instances() > 0 ? config.instances() : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        return vertx.deployVerticle(() -> new Instance(), new DeploymentOptions().setInstances(instances)).map(id -> {
            deploymentId = id;
            LOG.info("JT/T 808 gateway listening on {}:{} ({} instances; registration {})", config.host(), port,
                    instances, config.openRegistration() ? "open" : "closed");
            return port;
        });
    }

    /** Closes the port and every connection. */
    public Future<Void> stop(Vertx vertx) {
        String id = deploymentId;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    /** The port bound, or -1 before {@link #start}. */
    public int port() {
        return port;
    }

    private final class Instance extends VerticleBase {
        private NetServer server;

        @Override
        public Future<?> start() {
            NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
                    .setIdleTimeout((int) config.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                    .setTcpNoDelay(true);
            server = vertx.createNetServer(options);
            server.connectHandler(socket -> {
                if (metrics.connections().incrementAndGet() > config.maxConnections()) {
                    metrics.connections().decrementAndGet();
                    metrics.frame(-1, "connection_refused");
                    socket.close();
                    return;
                }
                new Jt808Connection(socket, context, positions, terminals, config.openRegistration(), metrics)
                        .start(() -> metrics.connections().decrementAndGet());
            });
            return server.listen().onSuccess(s -> port = s.actualPort());
        }
    }
}
