package org.gridwatch.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.AuthException;
import org.gridwatch.report.CjkFont;
import org.gridwatch.report.DailyReport;
import org.gridwatch.report.DailyReports;
import org.gridwatch.report.HtmlReport;
import org.gridwatch.report.PdfReport;
import org.gridwatch.report.XlsxReport;
import org.gridwatch.store.ReportArchive;
import org.gridwatch.store.StoredReport;

/**
 * The daily reports (日报) of the city and the counties: {@code GET /api/v1/reports/daily?from=&to=&area=}
 * (the stored reports of the caller's jurisdiction, newest first, with links to each format),
 * {@code GET /api/v1/reports/daily/{date}?area=&format=html|pdf|xlsx|json} (one report, rendered on
 * the store-read pool) and {@code POST /api/v1/reports/daily} (generate one now). A caller sees
 * the reports of the areas inside its jurisdiction (a county's officer the county's, the city's
 * all of them); {@code area} defaults to the jurisdiction's one area. Thread-safe.
 */
final class ReportRoutes {
    /** Days listed when {@code from} is not given: the last month. */
    static final int DEFAULT_DAYS = 31;
    /** Most days one list spans. */
    static final int MAX_DAYS = 366;

    /** The formats a report is rendered in. */
    enum Format {
        HTML("text/html; charset=utf-8", "html", "inline"),
        PDF("application/pdf", "pdf", "attachment"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "attachment"),
        JSON("application/json; charset=utf-8", "json", "inline");

        final String mediaType;
        final String extension;
        final String disposition;

        Format(String mediaType, String extension, String disposition) {
            this.mediaType = mediaType;
            this.extension = extension;
            this.disposition = disposition;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final DailyReports reports;
    private final ReportArchive store;
    private final AreaHierarchy areas;
    private final CjkFont font;
    private final Clock clock;

    /** @param font the PDF's CJK font; null when there is none (PDF: 503) */
    ReportRoutes(DailyReports reports, ReportArchive store, AreaHierarchy areas, CjkFont font, Clock clock) {
        this.reports = reports;
        this.store = store;
        this.areas = areas;
        this.font = font;
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), reports.schedule().zone());
    }

    /** {@code area}: a city or county code, or the scope's one area when that is a city or county. */
    private AdminArea area(String code, Scope scope, boolean required) {
        if (code == null) {
            Optional<AdminArea> one = scope.single().filter(a -> a.level() == AdminLevel.CITY || a.level() == AdminLevel.COUNTY);
            if (one.isEmpty() && required) {
                throw Problem.badField("area", "required: the city's or a county's code (your jurisdiction is "
                        + scope.key() + ")");
            }
            return one.orElse(null);
        }
        AdminArea a = areas.find(code).orElseThrow(() -> Problem.badField("area", "unknown area code '" + code + "'"));
        if (a.level() != AdminLevel.CITY && a.level() != AdminLevel.COUNTY) {
            throw Problem.badField("area", "daily reports are per city or county; " + code + " is a " + a.level().id());
        }
        return a;
    }

    private static Format format(String text) {
        if (text == null) {
            return Format.HTML;
        }
        return Arrays.stream(Format.values()).filter(f -> f.id().equals(text)).findFirst()
                .orElseThrow(() -> Problem.badField("format", "must be one of html, pdf, xlsx, json; got '"
                        + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "'"));
    }

    private static LocalDate pathDate(RoutingContext ctx) {
        String text = ctx.pathParam("date");
        try {
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() >= 0 && d.getYear() <= 9999) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw Problem.badField("date", "must be a date YYYY-MM-DD, got '" + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
                + "'");
    }

    /** The list entry of a stored report, with its links. */
    private JsonObject entry(StoredReport.Entry e) {
        String base = "/api/v1/reports/daily/" + e.date() + "?area=" + e.areaCode() + "&format=";
        JsonObject links = new JsonObject();
        for (Format f : Format.values()) {
            links.put(f.id(), base + f.id());
        }
        String name = areas.find(e.areaCode()).map(AdminArea::name).orElse(e.areaCode());
        return new JsonObject().put("date", e.date().toString())
                .put("area", new JsonObject().put("code", e.areaCode()).put("name", name))
                .put("title", name + "社会治安日报").put("generatedAt", e.generatedAt().toString())
                .put("generatedBy", e.generatedBy()).put("links", links);
    }

    /** {@code GET /api/v1/reports/daily}: store-read pool. */
    void list(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        LocalDate to = Params.day(ctx, "to", today());
        LocalDate from = Params.day(ctx, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw Problem.badField("from", "after to (" + to + ")");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            throw Problem.badField("from", "the list spans at most " + MAX_DAYS + " days");
        }
        String code = Params.string(ctx, "area");
        AdminArea only = code == null ? null : area(code, scope, false);
        JsonArray items = new JsonArray();
        for (StoredReport.Entry e : store.reportEntries(from, to)) {
            if (scope.includes(e.areaCode()) && (only == null || only.code().equals(e.areaCode()))) {
                items.add(entry(e));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString())
                .put("dailyAt", reports.schedule().at().toString()).put("zone", reports.schedule().zone().getId())
                .put("nextRun", reports.schedule().nextRun(clock.instant()).toString())
                .put("pdf", font != null).put("reports", items).put("numberReturned", items.size()));
    }

    /** {@code GET /api/v1/reports/daily/{date}}: store-read pool; renders on it. */
    void get(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        LocalDate date = pathDate(ctx);
        Format format = format(Params.string(ctx, "format"));
        AdminArea area = area(Params.string(ctx, "area"), scope, true);
        if (!scope.includes(area.code())) {
            throw Problem.notFound("area: no daily report of " + area.code() + " in your jurisdiction");
        }
        StoredReport stored = store.report(date, area.code()).orElseThrow(() -> Problem.notFound("no daily report of "
                + area.name() + " (" + area.code() + ") for " + date + " (generate one: POST /api/v1/reports/daily)"));
        if (format == Format.PDF && font == null) {
            throw new Problem(503, "Service Unavailable", "format", "format: no PDF: this server has no CJK font "
                    + "(install fonts-wqy-microhei or set report.pdf.font); html and xlsx are available");
        }
        DailyReport r = DailyReports.decode(stored);
        Buffer body = switch (format) {
            case HTML -> Buffer.buffer(HtmlReport.render(r));
            case PDF -> Buffer.buffer(PdfReport.render(r, font));
            case XLSX -> Buffer.buffer(XlsxReport.render(r));
            case JSON -> r.toJson().toBuffer();
        };
        ctx.response().setStatusCode(200).putHeader("Content-Type", format.mediaType)
                .putHeader("Content-Disposition", contentDisposition(format.disposition,
                        "gridwatch-daily-" + area.code() + "-" + date + "." + format.extension, r.fileName(format.extension)))
                .end(body);
    }

    /**
     * A Content-Disposition with an ASCII {@code filename} for old clients and the real (Chinese)
     * name as RFC 5987 {@code filename*} (UTF-8, percent-encoded), which browsers prefer.
     */
    static String contentDisposition(String type, String ascii, String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** {@code POST /api/v1/reports/daily} {@code {"date": "2026-11-30", "area": "371600"}}: 201 with the entry. */
    void generate(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        JsonObject body = Params.bodyObject(ctx);
        for (String k : body.fieldNames()) {
            if (!k.equals("date") && !k.equals("area")) {
                throw Problem.badField(k, "unknown field; a request names date and area");
            }
        }
        String dateText = Params.str(body, "date", true, 10);
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw Problem.badField("date", "must be a date YYYY-MM-DD, got '" + dateText + "'");
        }
        if (date.isAfter(today())) {
            throw Problem.badField("date", date + " has not begun yet (today is " + today() + ")");
        }
        AdminArea area = area(Params.str(body, "area", false, 12), scope, true);
        if (!scope.includes(area.code())) {
            throw AuthException.forbidden("area", "area " + area.code() + " lies outside your jurisdiction");
        }
        String by = Access.principal(ctx).describe();
        ctx.put(Access.DETAIL_KEY, "daily report of " + area.code() + " for " + date);
        Future.fromCompletionStage(reports.generate(area, date, by), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                DailyReport r = ar.result();
                JsonObject e = entry(new StoredReport.Entry(r.date(), r.areaCode(), r.generatedAt(), r.generatedBy()));
                ctx.response().putHeader("Location", e.getJsonObject("links").getString("html"));
                Responses.json(ctx, 201, e);
            } else {
                Failures.send(ctx, ar.cause());
            }
        });
    }
}
