package org.gridwatch.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Permission;
import org.gridwatch.auth.Principal;
import org.gridwatch.export.ExportFormat;
import org.gridwatch.export.ExportOptions;
import org.gridwatch.export.ExportSchema;
import org.gridwatch.export.FeatureWriter;
import org.gridwatch.feature.BadQueryException;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureLayers;
import org.gridwatch.feature.FeatureQuery;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports: {@code GET /api/v1/export/{layer}?format=} of any layer, and {@code format=} on every list
 * route (its whole query, every filter, no paging), streamed to the client as the layer is read.
 *
 * <p>On the event loop the request is checked (the {@code export} permission, and the layer's own
 * read permission; the format, the geometry columns, the filters: 4xx naming the parameter) and
 * handed to the export pool ({@link QueryPools#export}); there a {@link FeatureWriter} writes the
 * features into a {@link ResponseStream}, which waits for the response to drain, so memory stays
 * bounded whatever the size and the client's pace; an export has no row cap and no deadline. When the
 * client goes away the export stops at its next chunk. Each export is recorded in the audit trail when
 * it ends: action {@code export}, the route, {@code layer=<id>}, and the format, the row count, whether
 * it was whole or cut short and the query.
 *
 * <p>Thread-safe: request checks on the event loops, writing on the export pool.
 */
final class ExportRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);
    static final String FORMAT = "format";
    static final String GEOMETRY = "geometry";
    /** How long a client may take to read one chunk before the export is given up, seconds. */
    static final long STALL_SECONDS = 60;
    /** List-route parameters of paging, refused with {@code format}: an export is the whole selection. */
    static final Set<String> PAGING = Set.of("limit", "cursor", "count");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmm");

    /**
     * What an export reads: its schema and a scan feeding the features to a sink (on the export pool).
     *
     * @param layer  the layer id, as the audit trail names it
     * @param schema the schema written
     * @param scan   feeds every feature of the selection, in order, until the sink answers false
     */
    record Source(String layer, ExportSchema schema, Consumer<FeatureLayer.Sink> scan) {
        /** The features of {@code l} matching {@code q}. */
        static Source of(FeatureLayer l, FeatureQuery q) {
            return new Source(l.id(), ExportSchema.of(l), sink -> l.scan(q, sink));
        }

        /** The features of {@code l} in {@code scope} (and {@code bbox}, if not null) that {@code filter} accepts. */
        static Source of(FeatureLayer l, org.gridwatch.area.Scope scope, Envelope bbox, java.util.function.Predicate<
                org.gridwatch.feature.Feature> filter) {
            return of(l, new FeatureQuery(scope, bbox, null, null, filter, null, null));
        }
    }

    /** Features whose {@code property} is one of {@code values} (text); every feature when {@code values} is empty. */
    static java.util.function.Predicate<org.gridwatch.feature.Feature> oneOf(String property, Set<String> values) {
        return values.isEmpty() ? f -> true : f -> values.contains(String.valueOf(f.get(property)));
    }

    /** The ids of {@code terms}. */
    static <E extends Enum<E> & org.gridwatch.vocab.Term> Set<String> ids(Set<E> terms) {
        return terms.stream().map(org.gridwatch.vocab.Term::id).collect(java.util.stream.Collectors.toSet());
    }

    /** The export of a list route: its parameters (already checked against the route's) made into a source, on the event loop. */
    @FunctionalInterface
    interface ListSource {
        /** @throws Problem 4xx naming the parameter at fault */
        Source of(RoutingContext ctx);
    }

    private final FeatureLayers layers;
    private final Access access;
    private final Supplier<QueryPools> pools;
    private final Clock clock;
    private final java.time.ZoneId zone;

    ExportRoutes(FeatureLayers layers, Access access, Supplier<QueryPools> pools, Clock clock, java.time.ZoneId zone) {
        this.layers = layers;
        this.access = access;
        this.pools = pools;
        this.clock = clock;
        this.zone = zone;
    }

    /** The layer of this id, or 404. */
    FeatureLayer layer(String id) {
        return layers.find(id).orElseThrow(() -> Problem.notFound("layer: no layer '" + id + "'; layers: "
                + layers.all().stream().map(FeatureLayer::id).toList()));
    }

    /**
     * {@code GET /api/v1/export/:layer?format=&geometry=&bbox=&from=&to=}: the layer inside the caller's
     * jurisdiction, optionally within a box and a time window. Event loop; the route requires {@code export},
     * the layer its own read permission as in OGC API Features ({@link OgcRoutes#permission}).
     */
    void export(RoutingContext ctx) {
        FeatureLayer l = layer(ctx.pathParam("layer"));
        Permission needed = OgcRoutes.permission(l);
        Principal p = Access.principal(ctx);
        if (!p.can(needed)) {
            throw AuthException.forbidden(null, "exporting layer " + l.id() + " requires " + needed.id() + " as well as export");
        }
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        Instant[] window = Params.timeWindow(ctx);
        Source s = Source.of(l, new FeatureQuery(Scopes.of(ctx), bbox, window[0], window[1], null, null, null));
        String f = Params.string(ctx, FORMAT);
        ExportFormat format = format(f == null ? ExportFormat.GEOJSON.id() : f, s.schema());
        ExportOptions.GeometryColumns geometry = geometry(ctx, s.schema());
        start(ctx, c -> new Job(s, format, geometry));
    }

    /**
     * The handler placed before the own of list route {@code route} ({@code GET /api/v1/incidents}): without {@code format} it passes the request on;
     * with it, it checks the {@code export} permission, refuses paging ({@link #PAGING}) and {@code refused},
     * and exports {@code source}'s selection. Event loop.
     */
    Handler<RoutingContext> list(String route, Set<String> refused, ListSource source) {
        return ctx -> {
            String f = ctx.request().getParam(FORMAT);
            if (f == null) {
                ctx.next();
                return;
            }
            try {
                Principal p = Access.principal(ctx);
                if (!p.can(Permission.EXPORT)) {
                    throw AuthException.forbidden(FORMAT, "format: exporting " + route + " requires export, which "
                            + "none of the roles " + p.roles().stream().map(x -> x.id()).toList() + " grants");
                }
                for (String name : ctx.queryParams().names()) {
                    if (PAGING.contains(name) || refused.contains(name)) {
                        throw Problem.badField(name, "is not taken with format: an export is the whole selection"
                                + (PAGING.contains(name) ? ", without paging" : ""));
                    }
                }
            } catch (Problem e) {
                e.send(ctx);
                return;
            } catch (AuthException e) {
                Failures.send(ctx, e);
                return;
            }
            // The route's filters are read on the export pool: a polygon filter costs more than an event loop may spend.
            start(ctx, c -> {
                Source s = source.of(c);
                return new Job(s, format(f, s.schema()), geometry(c, s.schema()));
            });
        };
    }

    /** One export, checked: what it reads, how it is written. */
    private record Job(Source source, ExportFormat format, ExportOptions.GeometryColumns geometry) {
    }

    /** The format of {@code text}, which must suit the schema: 400 naming {@code format} and listing those allowed. */
    static ExportFormat format(String text, ExportSchema schema) {
        java.util.List<String> allowed = java.util.Arrays.stream(ExportFormat.values())
                .filter(x -> schema.spatial() || !x.spatial()).map(ExportFormat::id).toList();
        ExportFormat f = ExportFormat.parse(text).orElseThrow(() -> Problem.badField(FORMAT, "unknown format '"
                + HttpHygiene.printable(text) + "'; one of " + String.join(", ", allowed)));
        if (!allowed.contains(f.id())) {
            throw Problem.badField(FORMAT, f.id() + " needs geometry and these rows have none; one of " + String.join(", ", allowed));
        }
        return f;
    }

    private static ExportOptions.GeometryColumns geometry(RoutingContext ctx, ExportSchema schema) {
        String g = Params.string(ctx, GEOMETRY);
        if (g == null) {
            return ExportOptions.GeometryColumns.WKT;
        }
        ExportOptions.GeometryColumns c = java.util.Arrays.stream(ExportOptions.GeometryColumns.values())
                .filter(x -> x.id().equals(g)).findFirst().orElseThrow(() -> Problem.badField(GEOMETRY, "unknown value '"
                        + HttpHygiene.printable(g) + "'; one of wkt, lonlat"));
        if (c == ExportOptions.GeometryColumns.LONLAT && !(schema.spatial() && schema.geometryKind().isPoint())) {
            throw Problem.badField(GEOMETRY, "lonlat is for point layers; " + schema.id() + " has "
                    + (schema.spatial() ? schema.geometryKind().ogcName() + " geometry: use wkt" : "no geometry"));
        }
        return c;
    }

    /** {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266, RFC 5987): an ASCII name and the Chinese one. */
    static String disposition(String id, String title, Instant at, java.time.ZoneId zone, String extension) {
        String stamp = STAMP.format(at.atZone(zone));
        String ascii = "gridwatch-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp + "." + extension;
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + rfc5987(title + "-" + stamp + "." + extension);
    }

    /** RFC 5987 {@code value-chars}: attr-chars as they are, every other byte of the UTF-8 as %XX. */
    static String rfc5987(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    /**
     * Starts an export (event loop): the stream is made here; {@code job} (which may throw a {@link Problem}
     * naming a parameter) and the writing run on the export pool.
     */
    private void start(RoutingContext ctx, java.util.function.Function<RoutingContext, Job> job) {
        String route = ctx.request().method().name() + " " + ctx.get(HttpVerticle.ROUTE_KEY);
        Instant at = clock.instant();
        Job[] checked = new Job[1];
        ResponseStream out = new ResponseStream(ctx, r -> r.setStatusCode(200)
                .putHeader("Content-Type", checked[0].format().mediaType())
                .putHeader("Content-Disposition", disposition(checked[0].source().layer(), checked[0].source().schema().title(),
                        at, zone, checked[0].format().extension()))
                .putHeader("Cache-Control", "no-store"), STALL_SECONDS);
        // This export records its own event when it ends (with its row count), whatever the route's audit.
        ctx.put(Access.AUDITED_KEY, Boolean.TRUE);
        pools.get().export(ctx, c -> {
            try {
                checked[0] = job.apply(c);
            } catch (Problem p) {
                p.send(c);
                audit(c, route, c.pathParam("layer") == null ? "" : "layer=" + c.pathParam("layer"), p.status(),
                        "refused: " + p.getMessage());
                return;
            }
            write(c, out, checked[0], route);
        });
    }

    /** Writes the export (export pool); records it in the audit trail when it ends. */
    private void write(RoutingContext ctx, ResponseStream out, Job job, String route) {
        Source s = job.source();
        ExportFormat format = job.format();
        ExportOptions options = new ExportOptions(zone, job.geometry(), null);
        long[] rows = {0};
        int status = 200;
        String end;
        try (FeatureWriter w = format.open(out, options)) {
            w.begin(s.schema());
            s.scan().accept(f -> {
                try {
                    w.write(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rows[0]++;
                return true;
            });
            w.finish();
            out.end();
            end = "complete";
        } catch (UncheckedIOException e) {
            end = failed(ctx, out, e.getCause());
            status = out.started() || e.getCause() instanceof ResponseStream.Gone ? 200 : 500;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadQueryException bad && !out.started()) {
                status = 400;
                end = "refused: " + bad.getMessage();
                // A layer names the OGC API parameter (datetime): here the window is from/to.
                Problem.badField(bad.part().equals("datetime") ? "from" : bad.part(), bad.getMessage()).send(ctx);
            } else {
                end = failed(ctx, out, e);
                status = out.started() || e instanceof ResponseStream.Gone ? 200 : 500;
            }
        }
        audit(ctx, route, "layer=" + s.layer(), status, "format=" + format.id() + " geometry=" + job.geometry().id()
                + " rows=" + rows[0] + " bytes=" + out.bytes() + " " + end);
    }

    /** Records an export in the audit trail: the route, the layer, the outcome, the detail and the request's query. */
    private void audit(RoutingContext ctx, String route, String target, int status, String detail) {
        String query = ctx.request().query();
        access.auditLog().record(access.event(ctx.request(), Access.principal(ctx), AuditAction.EXPORT, route, target, status,
                detail + (query == null ? "" : "; query: " + query)));
    }

    /** An export that could not finish: the client gone (logged at DEBUG), else an error (a 500 before the first byte, a reset after). */
    private static String failed(RoutingContext ctx, ResponseStream out, Throwable e) {
        if (e instanceof ResponseStream.Gone) {
            LOG.debug("export {} cut short: {}", ctx.request().path(), e.getMessage());
            out.abort();
            return "cut short: " + e.getMessage();
        }
        LOG.error("export {} failed", ctx.request().path(), e);
        if (out.started()) {
            out.abort();
        } else {
            new Problem(500, "Internal server error", null, "the export failed; the server log has the details").send(ctx);
        }
        return "failed: " + e;
    }
}
