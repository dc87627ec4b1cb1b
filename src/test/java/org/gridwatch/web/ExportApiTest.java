package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.Rfc4180;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * Exports over HTTP on a real server over the demo city: {@code /api/v1/export/{layer}} in every format,
 * {@code format=} on the list routes (the whole filtered selection, equal to every page of the list), the
 * refusals, the permission, the jurisdiction and the audit record with its row count. Expected rows come
 * from the area hierarchy and from the list routes themselves.
 */
class ExportApiTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static AreaHierarchy areas;
    static String county;
    static String countyKey;
    static String dispatcherKey;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "10000"));
        areas = s.server().grids().hierarchy();
        county = areas.level(AdminLevel.COUNTY).get(0).code();
        countyKey = TestServer.key(s.server(), "county-analyst", Set.of(Role.ANALYST), county);
        dispatcherKey = TestServer.key(s.server(), "dispatcher", Set.of(Role.DISPATCHER), areas.city().code());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        // Incidents in two counties, two categories, one with quotes, commas and a line break in its title.
        List<AdminArea> counties = areas.level(AdminLevel.COUNTY);
        int k = 0;
        for (AdminArea c : List.of(counties.get(0), counties.get(1))) {
            Point p = c.geometry().getInteriorPoint();
            for (String category : List.of("criminal", "fraud", "criminal")) {
                HttpResponse<String> r = s.post("/api/v1/incidents", new JsonObject().put("category", category)
                        .put("source", "police_call").put("lon", p.getX()).put("lat", p.getY())
                        .put("reportedAt", t0.plusSeconds(60L * k++).toString())
                        .put("title", "导出测试 \"" + c.name() + "\", 第" + k + "起").encode());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
        }
        s.quiesce();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static HttpResponse<byte[]> get(String token, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri(pathAndQuery)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static List<List<String>> csv(byte[] body) {
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
        return Rfc4180.parse(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
    }

    @Test
    void aLayerExportsWholeAsCsvWithAChineseFileName() throws Exception {
        HttpResponse<byte[]> r = get(s.token(), "/api/v1/export/grids?format=csv");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"gridwatch-grids-").contains(".csv\"; filename*=UTF-8''%E7%BD%91%E6%A0%BC-");
        List<List<String>> rows = csv(r.body());
        assertThat(rows.get(0)).startsWith("id", "code", "name").endsWith("wkt");
        Set<String> codes = new TreeSet<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            codes.add(row.get(0));
        }
        Set<String> expected = new TreeSet<>();
        areas.level(AdminLevel.GRID).forEach(a -> expected.add(a.code()));
        assertThat(codes).as("every grid, no paging").isEqualTo(expected);
    }

    @Test
    void everyFormatOfALayerIsAFileOfItsType() throws Exception {
        int counties = areas.level(AdminLevel.COUNTY).size();
        Map<String, String> types = Map.of("geojson", "application/geo+json", "ndjson", "application/x-ndjson",
                "csv", "text/csv; charset=utf-8", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "kml", "application/vnd.google-earth.kml+xml", "gpkg", "application/geopackage+sqlite3");
        for (Map.Entry<String, String> t : types.entrySet()) {
            HttpResponse<byte[]> r = get(s.token(), "/api/v1/export/counties?format=" + t.getKey());
            assertThat(r.statusCode()).as(t.getKey() + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(t.getKey()).hasValue(t.getValue());
        }
        JsonObject fc = new JsonObject(new String(get(s.token(), "/api/v1/export/counties").body(), StandardCharsets.UTF_8));
        assertThat(fc.getJsonArray("features")).as("geojson by default").hasSize(counties);
        Path gpkg = dir.resolve("counties.gpkg");
        Files.write(gpkg, get(s.token(), "/api/v1/export/counties?format=gpkg").body());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM counties")) {
            assertThat(rs.getInt(1)).isEqualTo(counties);
        }
    }

    /** Every id of the list route, page after page. */
    static List<String> listed(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = "/api/v1/incidents?limit=2&" + query;
        while (next != null) {
            JsonObject page = TestServer.json(s.get(next));
            for (Object o : page.getJsonArray("features")) {
                ids.add(String.valueOf(((JsonObject) o).getValue("id")));
            }
            JsonArray links = page.getJsonArray("links");
            next = links == null ? null : links.stream().map(x -> (JsonObject) x).filter(l -> "next".equals(l.getString("rel")))
                    .map(l -> URI.create(l.getString("href"))).map(u -> u.getRawPath() + "?" + u.getRawQuery()).findFirst()
                    .orElse(null);
        }
        return ids;
    }

    @Test
    void aListRouteExportsItsWholeFilteredSelectionInItsOrder() throws Exception {
        for (String query : List.of("category=criminal", "category=fraud&status=reported", "")) {
            HttpResponse<byte[]> r = get(s.token(), "/api/v1/incidents?format=ndjson&" + query);
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            List<String> exported = new ArrayList<>();
            for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
                exported.add(new JsonObject(line).getString("id"));
            }
            assertThat(exported).as(query).isNotEmpty().containsExactlyElementsOf(listed(query));
        }
        // Text with quotes, commas and a line break survives CSV.
        List<List<String>> rows = csv(get(s.token(), "/api/v1/incidents?format=csv&category=fraud").body());
        int title = rows.get(0).indexOf("title");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(title)).allMatch(t -> t.startsWith("导出测试 \""));
    }

    @Test
    void refusalsNameTheParameter() throws Exception {
        HttpResponse<String> r = s.get("/api/v1/incidents?format=shp");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject p = TestServer.json(r);
        assertThat(p.getString("field")).isEqualTo("format");
        assertThat(p.getString("detail")).contains("geojson, ndjson, csv, xlsx, kml, gpkg");
        assertThat(TestServer.json(s.get("/api/v1/export/grids?format=shp")).getString("field")).isEqualTo("format");
        JsonObject rows = TestServer.json(s.get("/api/v1/coverage?format=kml"));
        assertThat(rows.getString("field")).isEqualTo("format");
        assertThat(rows.getString("detail")).contains("csv, xlsx");
        assertThat(TestServer.json(s.get("/api/v1/incidents?format=csv&limit=5")).getString("field")).isEqualTo("limit");
        assertThat(TestServer.json(s.get("/api/v1/export/grids?format=csv&geometry=lonlat")).getString("field")).isEqualTo("geometry");
        assertThat(s.get("/api/v1/export/nowhere?format=csv").statusCode()).isEqualTo(404);
        // A layer's own limit (tracks: at most 24 h) is refused before the first byte, naming the window.
        String twoDays = Instant.now().minusSeconds(48 * 3600).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonObject tracks = TestServer.json(s.get("/api/v1/export/tracks?format=csv&from=" + twoDays));
        assertThat(tracks.getInteger("status")).isEqualTo(400);
        assertThat(tracks.getString("field")).isEqualTo("from");
        assertThat(TestServer.json(s.get("/api/v1/key-places?format=csv&day=2025-01-01")).getString("field")).isEqualTo("day");
        // Rows without geometry: CSV and XLSX.
        List<List<String>> coverage = csv(get(s.token(), "/api/v1/coverage?format=csv&level=county").body());
        assertThat(coverage.get(0)).containsExactly("id", "code", "name", "visited", "grids", "rate", "dosageMinutes");
        assertThat(coverage).hasSize(areas.level(AdminLevel.COUNTY).size() + 1);
    }

    @Test
    void exportingNeedsTheExportPermission() throws Exception {
        assertThat(s.as(dispatcherKey).get("/api/v1/incidents").statusCode()).as("a dispatcher reads").isEqualTo(200);
        HttpResponse<String> r = s.as(dispatcherKey).get("/api/v1/incidents?format=csv");
        assertThat(r.statusCode()).as("and does not export").isEqualTo(403);
        assertThat(s.as(dispatcherKey).get("/api/v1/export/grids?format=csv").statusCode()).isEqualTo(403);
    }

    @Test
    void aCountyScopedExportHoldsOnlyItsCounty() throws Exception {
        List<List<String>> grids = csv(get(countyKey, "/api/v1/export/grids?format=csv").body());
        Set<String> expected = new TreeSet<>();
        areas.level(AdminLevel.GRID).stream().filter(a -> a.code().startsWith(county)).forEach(a -> expected.add(a.code()));
        Set<String> got = new TreeSet<>();
        grids.subList(1, grids.size()).forEach(row -> got.add(row.get(0)));
        assertThat(got).isEqualTo(expected);
        List<List<String>> incidents = csv(get(countyKey, "/api/v1/incidents?format=csv").body());
        int countyCode = incidents.get(0).indexOf("countyCode");
        assertThat(incidents).hasSize(4);
        assertThat(incidents.subList(1, incidents.size())).extracting(row -> row.get(countyCode)).containsOnly(county);
    }

    static List<AuditRecord> exports() throws Exception {
        s.server().audit().flush().get();
        List<AuditRecord> out = new ArrayList<>();
        s.server().store().forEachAudit(new AuditQuery(null, null, null, AuditAction.EXPORT, null, 0), out::add);
        return out;
    }

    /**
     * The first export record after the {@code before} first ones that {@code match} accepts: the export
     * records itself when its writing ends, just after the client has read the last byte.
     */
    static AuditRecord awaitExport(int before, java.util.function.Predicate<AuditRecord> match) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<AuditRecord> all = exports();
            for (AuditRecord r : all.subList(Math.min(before, all.size()), all.size())) {
                if (match.test(r)) {
                    return r;
                }
            }
            s.quiesce();
        }
        throw new AssertionError("no export record after " + before);
    }

    @Test
    void theAuditTrailListsEachExportWithItsRowCount() throws Exception {
        int before = exports().size();
        get(countyKey, "/api/v1/incidents?format=xlsx&category=criminal");
        AuditRecord last = awaitExport(before, r -> r.event().route().equals("GET /api/v1/incidents"));
        assertThat(last.event().route()).isEqualTo("GET /api/v1/incidents");
        assertThat(last.event().target()).isEqualTo("layer=incidents");
        assertThat(last.event().outcome()).isEqualTo(200);
        assertThat(last.event().detail()).startsWith("format=xlsx geometry=wkt rows=2 ").contains(" complete; query: format=xlsx&category=criminal");
        before = exports().size();
        get(s.token(), "/api/v1/export/counties?format=kml");
        last = awaitExport(before, r -> r.event().detail().startsWith("format=kml"));
        assertThat(last.event().route()).isEqualTo("GET /api/v1/export/:layer");
        assertThat(last.event().detail()).startsWith("format=kml geometry=wkt rows=" + areas.level(AdminLevel.COUNTY).size() + " ");
    }

    @Test
    void anExportTheClientAbandonsIsRecordedAsCutShort() throws Exception {
        int before = exports().size();
        try (Socket socket = new Socket("127.0.0.1", s.server().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/export/grids?format=geojson HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] some = in.readNBytes(4096);
            assertThat(new String(some, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        // The export stops at its next chunk and records itself.
        AuditRecord cut = awaitExport(before, r -> r.event().detail().contains("cut short"));
        int rows = Integer.parseInt(cut.event().detail().replaceAll(".* rows=(\\d+) .*", "$1"));
        assertThat(rows).isLessThan(areas.level(AdminLevel.GRID).size());
    }
}
