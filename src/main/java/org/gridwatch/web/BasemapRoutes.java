package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.gridwatch.basemap.Basemaps;
import org.gridwatch.basemap.Tile;
import org.gridwatch.basemap.TileSetInfo;
import org.gridwatch.basemap.TileSource;
import org.gridwatch.basemap.BasemapStyle;

/**
 * The city's own basemap ({@code basemap.*}): {@code GET /basemap/style.json} (a MapLibre style),
 * {@code GET /basemap/{source}.json} (TileJSON 3.0) and {@code GET /basemap/{source}/{z}/{x}/{y}.{ext}}
 * (a stored tile). Every URL in the documents points back at the origin the request came to. Like
 * the admin areas, the basemap is reference geography: it answers the same for every jurisdiction.
 *
 * <p>Tiles are answered as stored, gzip-compressed ones with {@code Content-Encoding: gzip}
 * (decompressed for a client that does not accept gzip), with a strong {@code ETag} of their bytes
 * ({@code If-None-Match} → 304) and {@code Cache-Control: private, max-age=3600} (a basemap changes
 * with a restart at most). The tile route runs on a worker (file reads); the documents are built from
 * memory on the event loop. Thread-safe.
 */
final class BasemapRoutes {
    /** How long a browser may keep a tile or document without asking again, seconds. */
    static final int MAX_AGE = 3600;
    private static final String CACHE = "private, max-age=" + MAX_AGE;
    private static final Pattern ROW = Pattern.compile("(\\d{1,10})\\.([A-Za-z]{1,8})");
    private final Basemaps basemaps;

    BasemapRoutes(Basemaps basemaps) {
        this.basemaps = basemaps;
    }

    /** {@code GET /basemap/style.json}: 404 when no basemap is configured (the pages then draw the city alone). */
    void style(RoutingContext ctx) {
        if (!basemaps.configured()) {
            throw Problem.notFound("no basemap is configured (basemap.sources)");
        }
        ctx.response().putHeader("Cache-Control", "private, no-cache");
        Responses.json(ctx, 200, basemaps.style(origin(ctx.request())));
    }

    /** {@code GET /basemap/{source}.json}: the TileJSON of one source. */
    void tileJson(RoutingContext ctx) {
        String id = ctx.pathParam("source");
        TileSource source = source(id);
        ctx.response().putHeader("Cache-Control", "private, no-cache");
        Responses.json(ctx, 200, BasemapStyle.tileJson(id, source.info(), origin(ctx.request())));
    }

    /** {@code GET /basemap/{source}/{z}/{x}/{y}.{ext}}: one tile (worker: reads the archive). */
    void tile(RoutingContext ctx) {
        String id = ctx.pathParam("source");
        TileSource source = source(id);
        TileSetInfo info = source.info();
        int z = coordinate("z", ctx.pathParam("z"));
        int x = coordinate("x", ctx.pathParam("x"));
        Matcher row = ROW.matcher(ctx.pathParam("y"));
        if (!row.matches()) {
            throw Problem.badField("y", "'" + ctx.pathParam("y") + "' is not a tile row with its extension, e.g. 1623."
                    + info.format().extension());
        }
        int y = coordinate("y", row.group(1));
        String ext = row.group(2).toLowerCase(Locale.ROOT);
        if (!info.format().extensions().contains(ext)) {
            throw Problem.notFound("basemap source '" + id + "' holds ." + String.join(" or .", info.format().extensions())
                    + " tiles, not ." + ext);
        }
        try {
            TileSource.checkAddress(z, x, y);
        } catch (IllegalArgumentException e) {
            throw Problem.badField(e.getMessage().substring(0, 1), e.getMessage().substring(3));
        }
        Optional<Tile> tile;
        try {
            tile = source.tile(z, x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tile t = tile.orElseThrow(() -> Problem.notFound("basemap source '" + id + "' holds no tile " + z + "/" + x + "/"
                + y + " (zooms " + info.minZoom() + "-" + info.maxZoom() + ")"));
        HttpServerRequest req = ctx.request();
        boolean inflate = t.gzip() && !acceptsGzip(req);
        String etag = etag(t.data(), inflate);
        HttpServerResponse res = ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", CACHE)
                .putHeader("Vary", "Accept-Encoding");
        if (matches(req.getHeader("If-None-Match"), etag)) {
            res.setStatusCode(304).end();
            return;
        }
        byte[] body = inflate ? gunzip(t.data()) : t.data();
        res.putHeader("Content-Type", info.format().contentType());
        if (t.gzip() && !inflate) {
            res.putHeader("Content-Encoding", "gzip");
        } else if (!info.format().vector()) {
            // Images are compressed already: the server's response compression would only cost time.
            res.putHeader("Content-Encoding", io.vertx.core.http.HttpHeaders.IDENTITY);
        }
        res.setStatusCode(200).end(Buffer.buffer(body));
    }

    private TileSource source(String id) {
        return basemaps.source(id).orElseThrow(() -> Problem.notFound("no basemap source '" + id + "'"
                + (basemaps.configured() ? " (sources: " + String.join(", ", basemaps.sources().keySet()) + ")"
                : " (no basemap is configured)")));
    }

    private static int coordinate(String field, String text) {
        if (!text.matches("\\d{1,10}")) {
            throw Problem.badField(field, "'" + text + "' is not a whole number of at most 10 digits");
        }
        long v = Long.parseLong(text);
        if (v > Integer.MAX_VALUE) {
            throw Problem.badField(field, text + " is out of range");
        }
        return (int) v;
    }

    /** The scheme and authority the request came to: {@code http://host:port}. */
    static String origin(HttpServerRequest req) {
        String host = req.authority() == null ? "localhost" : req.authority().toString();
        return (req.isSSL() ? "https" : "http") + "://" + host;
    }

    private static boolean acceptsGzip(HttpServerRequest req) {
        String ae = req.getHeader("Accept-Encoding");
        if (ae == null) {
            return false;
        }
        for (String part : ae.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = p.length > 1 && p[1].trim().replace(" ", "").matches("q=0(\\.0{0,3})?");
            if ((coding.equals("gzip") || coding.equals("*")) && !refused) {
                return true;
            }
        }
        return false;
    }

    /** A strong ETag of the stored bytes (and of the decompressed form, which is another representation). */
    static String etag(byte[] data, boolean inflated) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(data);
            return "\"" + HexFormat.of().formatHex(h, 0, 12) + (inflated ? "-identity" : "") + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code If-None-Match}: {@code *} or a list of tags one of which is {@code etag} (weak comparison). */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gunzip(byte[] data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored tile is not valid gzip", e);
        }
    }
}
