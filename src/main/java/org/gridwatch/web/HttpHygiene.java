package org.gridwatch.web;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gridwatch.codec.JsonSyntax;

/**
 * What every request must be before any route sees it, and the answers to requests no route
 * takes: a method of HTTP's own vocabulary (else 501), well-formed percent-escapes decoding to
 * UTF-8 in the path and the query (else 400), no expectation but {@code 100-continue} (else 417);
 * a method a path does not take gets 405 with {@code Allow}. Also the closed vocabularies the
 * request metrics are tagged with, so no client can mint new series.
 *
 * <p>Framing (Content-Length with Transfer-Encoding) and timeouts are the connection's business:
 * {@link HttpConnections}. Immutable once built; thread-safe; its handlers run on the event loops.
 */
final class HttpHygiene {
    /** The methods HTTP defines (RFC 9110) and PATCH; the {@code method} tag of anything else is {@value #OTHER}. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "CONNECT");
    /** Metric tag of a method outside {@link #METHODS}. */
    static final String OTHER = "OTHER";
    /** Metric route tag of a request no route template matched. */
    static final String UNMATCHED = "unmatched";
    /** Metric route tag of a request the static front end answered. */
    static final String STATIC = "static";
    /** Metric route tag of a request refused before routing (malformed framing or request line). */
    static final String INVALID = "invalid";
    /** What the static front end takes. */
    private static final Set<HttpMethod> STATIC_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private final List<Template> templates;

    /** @param routes the route table ({@link HttpVerticle#routes()}) */
    HttpHygiene(List<RouteSpec> routes) {
        List<Template> t = new ArrayList<>();
        for (RouteSpec r : routes) {
            t.add(new Template(pattern(r.path()), r.method()));
        }
        this.templates = List.copyOf(t);
    }

    /** The {@code method} tag of {@code m}: its name if HTTP defines it, else {@value #OTHER}. */
    static String methodTag(HttpMethod m) {
        String name = m.name();
        return METHODS.contains(name) ? name : OTHER;
    }

    /**
     * First handler after the timer: refuses a request no route should see (unknown method,
     * malformed escapes, unknown expectation); else {@code next()}.
     */
    void check(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!METHODS.contains(req.method().name())) {
            new Problem(501, "Not implemented", null, "method '" + printable(req.method().name())
                    + "' is not one this server implements (" + METHODS.stream().sorted().collect(Collectors.joining(", "))
                    + ")").send(ctx);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String bad = escapeError(q < 0 ? uri : uri.substring(0, q));
        if (bad != null) {
            Problem.badField("path", bad).send(ctx);
            return;
        }
        bad = q < 0 ? null : escapeError(uri.substring(q + 1));
        if (bad != null) {
            Problem.badField("query", bad).send(ctx);
            return;
        }
        for (String expect : req.headers().getAll("Expect")) {
            if (!expect.trim().equalsIgnoreCase("100-continue")) {
                new Problem(417, "Expectation failed", "Expect", "Expect: only 100-continue is supported, not '"
                        + printable(expect) + "'").send(ctx);
                return;
            }
        }
        ctx.next();
    }

    /**
     * After the route table: a path a route takes with other methods gets 405 and {@code Allow};
     * so does a method other than GET and HEAD on the static front end. Paths no route or page
     * serves go on (to a 404).
     */
    void methodNotAllowed(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        Set<HttpMethod> allowed = allowed(path);
        if (allowed.isEmpty() && !path.startsWith("/api/")) {
            allowed = STATIC_METHODS;
        }
        if (allowed.isEmpty() || allowed.contains(method)) {
            ctx.next();
            return;
        }
        String allow = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        ctx.response().putHeader("Allow", allow);
        new Problem(405, "Method not allowed", null, method.name() + " is not allowed on " + path + "; allowed: "
                + allow).send(ctx);
    }

    /** The methods the route table takes on {@code path}; empty if none of its templates matches. */
    Set<HttpMethod> allowed(String path) {
        Set<HttpMethod> out = new LinkedHashSet<>();
        for (Template t : templates) {
            if (t.pattern().matcher(path).matches()) {
                out.add(t.method());
            }
        }
        return out;
    }

    /**
     * The server's answer to a request Netty could not read or {@link HttpConnections} refused
     * (its decoder result failed): 414, 431 or 400 naming the reason; the connection is then
     * closed, since where the next request starts is unknown.
     */
    static void invalid(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = "the request line is longer than the server accepts";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = 431;
            detail = "the request headers are larger than the server accepts";
        } else if (cause instanceof HttpConnections.FramingException f) {
            status = 400;
            detail = f.getMessage();
        } else {
            status = 400;
            detail = "malformed HTTP request";
        }
        String title = switch (status) {
            case 414 -> "URI too long";
            case 431 -> "Request header fields too large";
            default -> "Bad request";
        };
        String body = new Problem(status, title, null, detail).toJson(null).encode();
        req.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                .end(body).onComplete(ar -> req.connection().close());
    }

    /** True when {@code failure} (or the state of the response) says the client went away: nothing to answer. */
    static boolean disconnected(RoutingContext ctx, Throwable failure) {
        if (ctx.response().closed()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof VertxException && "Connection was closed".equals(t.getMessage())) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT)
                    .contains("connection reset")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The detail of a 400 the router raised with {@code failure}: a JSON syntax error in plain
     * words (never the parser's class or option names), else the failure's first line.
     */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "malformed request";
        }
        if (failure instanceof DecodeException d) {
            return "body: " + JsonSyntax.describe(d);
        }
        String m = String.valueOf(failure.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Why {@code part} of a request target has malformed percent-escapes — a {@code %} not followed
     * by two hex digits, or escapes whose bytes are not UTF-8 — or null when it has none.
     */
    static String escapeError(String part) {
        if (part.indexOf('%') < 0 && isAscii(part)) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(part.length() * 3);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                int hi = i + 1 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
                int lo = i + 2 < part.length() ? Character.digit(part.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    String seen = part.substring(i, Math.min(part.length(), i + 3));
                    return "malformed percent-escape '" + printable(seen) + "' at character " + i
                            + ": '%' must be followed by two hexadecimal digits (write '%25' for a percent sign)";
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c <= 0xFF) {
                // Netty reads the request line as ISO-8859-1: a char is a byte sent.
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return null;
        } catch (CharacterCodingException e) {
            return "percent-escapes that do not decode to UTF-8 text";
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} cut to 40 characters, control characters shown as '?', for quoting in a detail. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return s.length() > 40 ? b + "…" : b.toString();
    }

    /** A route template ({@code /api/v1/units/:id}) as a pattern over normalised paths. */
    static Pattern pattern(String template) {
        StringBuilder b = new StringBuilder();
        for (String seg : template.substring(1).split("/", -1)) {
            b.append('/');
            b.append(seg.startsWith(":") ? "[^/]+" : Pattern.quote(seg));
        }
        // Vert.x also routes the path with one trailing slash to a template.
        return Pattern.compile(b + "/?");
    }

    private record Template(Pattern pattern, HttpMethod method) {
    }
}
