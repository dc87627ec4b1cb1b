package org.gridwatch.web;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import org.gridwatch.codec.TimeFormat;

/**
 * How each API answer writes its instants, chosen once per request before its handler runs
 * ({@link #install}) and read by the handlers' encoders ({@link #of}): UTC by default
 * ({@code 2026-12-01T00:30:00Z}); at the city's offset ({@code 2026-12-01T08:30:00+08:00},
 * {@link Params#zone}) with the query parameter {@code tz=local}, or with the header
 * {@code Prefer: timezone=local} (RFC 7240; then answered with {@code Preference-Applied}). The
 * parameter wins over the header; {@code tz=utc} asks for the default. A {@code tz} of another
 * value is refused (400 naming {@code tz}); a preference not understood is ignored, as RFC 7240
 * says. Stateless; thread-safe.
 */
final class Times {
    /** The query parameter. */
    static final String PARAM = "tz";
    private static final String KEY = "gridwatch.times";
    private static final String PREFERENCE = "timezone";

    private Times() {
    }

    /** Chooses the request's format; throws a {@link Problem} (400) for a bad {@code tz}. */
    static void install(RoutingContext ctx) {
        List<String> given = ctx.queryParam(PARAM);
        TimeFormat t;
        if (given.size() > 1) {
            throw Problem.badField(PARAM, "give it once, not " + given.size() + " times");
        }
        if (given.size() == 1) {
            t = parse(given.get(0).trim().toLowerCase(Locale.ROOT), Params.zone(ctx));
            if (t == null) {
                throw Problem.badField(PARAM, "must be local (the city's offset, " + Params.zone(ctx) + ") or utc, got '"
                        + HttpHygiene.printable(given.get(0)) + "'");
            }
        } else {
            t = preferred(ctx);
            if (t != null) {
                ctx.response().putHeader("Preference-Applied", PREFERENCE + "=" + (t.utc() ? "utc" : "local"));
            } else {
                t = TimeFormat.UTC;
            }
        }
        ctx.put(KEY, t);
    }

    /** The format of this request (UTC when none was installed: routes outside the API). */
    static TimeFormat of(RoutingContext ctx) {
        TimeFormat t = ctx.get(KEY);
        return t == null ? TimeFormat.UTC : t;
    }

    private static TimeFormat parse(String value, java.time.ZoneId zone) {
        return switch (value) {
            case "local" -> TimeFormat.local(zone);
            case "utc" -> TimeFormat.UTC;
            default -> null;
        };
    }

    /** The {@code timezone} preference of the {@code Prefer} headers, or null. */
    private static TimeFormat preferred(RoutingContext ctx) {
        for (String header : ctx.request().headers().getAll("Prefer")) {
            for (String pref : header.split(",")) {
                String[] kv = pref.split(";", 2)[0].split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase(PREFERENCE)) {
                    TimeFormat t = parse(kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT), Params.zone(ctx));
                    if (t != null) {
                        return t;
                    }
                }
            }
        }
        return null;
    }
}
