package org.gridwatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridwatch.GridWatch;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.Source;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.sim.DemoIncidents;

/**
 * Store benchmarks, one run per store (GeoPackage, PostGIS), printed as Markdown for
 * docs/PERFORMANCE.md:
 * <ol>
 *   <li>sustained ingest through the services, as the HTTP handlers call them: positions
 *       ({@code PositionService.ingest}, batches of 1,000 with up to 8 in flight, group commit)
 *       and incidents ({@code IncidentService.report}, one at a time, one commit each);</li>
 *   <li>bulk load to {@code --incidents} incidents ({@code importReports}, 20,000 per transaction);</li>
 *   <li>start-up time of a server over that store (10,860 grids, the incidents, 2,500 units);</li>
 *   <li>PostGIS only: the same questions answered by GridWatch over HTTP and by plain PostGIS SQL
 *       over JDBC, side by side, from the same client, one at a time: grid lookup, 500 m radius
 *       count (last 30 days), 5 nearest available units, counts per grid (last 7 days).</li>
 * </ol>
 * Usage: {@code StoreHarness [--incidents N] [--seconds S] [--queries Q] [--stores geopackage,postgis]};
 * PostGIS from {@code GRIDWATCH_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD} (schema
 * {@code gw_bench}, dropped first). See bench/run-stores.sh.
 */
public final class StoreHarness {
    private static final int POSITION_BATCH = 1_000;
    private static final int IN_FLIGHT = 8;
    private static final int IMPORT_CHUNK = 20_000;
    private static final String SCHEMA = "gw_bench";

    private final Map<String, String> opts;
    private final StringBuilder md = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StoreHarness(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("incidents", "1000000", "seconds", "15", "queries", "2000",
                "stores", "geopackage,postgis"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        StoreHarness h = new StoreHarness(opts);
        for (String store : opts.get("stores").split(",")) {
            h.run(store.trim());
        }
        System.out.println("\n" + h.md);
        System.exit(0);
    }

    private int intOpt(String k) {
        return Integer.parseInt(opts.get(k));
    }

    private GridWatchConfig config(String store, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GRIDWATCH_HTTP_PORT", "0");
        if (store.equals("postgis")) {
            env.putAll(Map.of("GRIDWATCH_STORE_TYPE", "postgis", "GRIDWATCH_STORE_URL", pg("URL"),
                    "GRIDWATCH_STORE_USER", pg("USER"), "GRIDWATCH_STORE_PASSWORD", pg("PASSWORD"),
                    "GRIDWATCH_STORE_SCHEMA", SCHEMA));
            try (Connection c = jdbc(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
        GridWatchConfig c = ConfigLoader.load(null, env, w -> { });
        return store.equals("postgis") ? c : c.withStorePath(dir.resolve("bench.gpkg"));
    }

    private static String pg(String what) {
        String v = System.getenv("GRIDWATCH_TEST_PG_" + what);
        if (v == null) {
            throw new IllegalStateException("set GRIDWATCH_TEST_PG_URL, _USER, _PASSWORD for the PostGIS run");
        }
        return v;
    }

    private static Connection jdbc() throws Exception {
        Connection c = DriverManager.getConnection(pg("URL"), pg("USER"), pg("PASSWORD"));
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + SCHEMA + ", public");
        }
        return c;
    }

    private record Server(Vertx vertx, GridWatch gw) {
        void stop() throws Exception {
            gw.stop().toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static Server start(GridWatchConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        GridWatch gw = GridWatch.start(vertx, config, GridWatch.newRegistry()).toCompletionStage().toCompletableFuture()
                .get(3_600, TimeUnit.SECONDS);
        return new Server(vertx, gw);
    }

    private void run(String store) throws Exception {
        Path dir = Files.createTempDirectory("gw-bench-");
        GridWatchConfig config = config(store, dir);
        md.append("\n### ").append(store).append("\n\n");
        long t0 = System.nanoTime();
        Server s = start(config);
        line("first start on an empty store (imports the city: 15,519 areas, 2,500 units)", ms(t0));

        // Sustained ingest: positions.
        int seconds = intOpt("seconds");
        List<String> units = s.gw().positions().units().stream().map(UnitRecord::id).sorted().toList();
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS);
        long accepted = 0;
        int step = 0;
        List<CompletableFuture<PositionService.IngestResult>> inFlight = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            List<PositionReport> batch = new ArrayList<>(POSITION_BATCH);
            while (batch.size() < POSITION_BATCH) {
                int u = step % units.size();
                int k = step / units.size();
                batch.add(new PositionReport(units.get(u), 117.5 + (u % 50) * 0.02 + k * 1e-5, 37.2 + (u / 50) * 0.01,
                        Crs.WGS84, base.plusSeconds(k), 5.0, 90.0, 8.0));
                step++;
            }
            inFlight.add(s.gw().positions().ingest(batch));
            if (inFlight.size() >= IN_FLIGHT) {
                accepted += inFlight.remove(0).join().accepted();
            }
        }
        for (CompletableFuture<PositionService.IngestResult> f : inFlight) {
            accepted += f.join().accepted();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        line("sustained position ingest (batches of 1,000, 8 in flight, group commit)",
                String.format(Locale.ROOT, "%,.0f positions/s (%,d of %,d sent accepted, in %.1f s)", accepted / secs,
                        accepted, step, secs));

        // Sustained ingest: incidents, one commit each.
        List<AdminArea> grids = s.gw().grids().hierarchy().level(AdminLevel.GRID);
        Random r = new Random(371600);
        int n = 0;
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            var p = grids.get(r.nextInt(grids.size())).geometry().getInteriorPoint();
            s.gw().incidents().report(new IncidentReport(Source.HOTLINE, null, Category.TRAFFIC, 1, p.getX(), p.getY(),
                    Crs.WGS84, Instant.now(), "基准 " + n, null, "bench")).join();
            n++;
        }
        secs = (System.nanoTime() - t0) / 1e9;
        line("sustained incident reports (one at a time, one commit each)",
                String.format(Locale.ROOT, "%,.0f incidents/s (%,d in %.1f s)", n / secs, n, secs));

        // Bulk load to the target size.
        int target = intOpt("incidents");
        int have = s.gw().incidents().index().size();
        t0 = System.nanoTime();
        int loaded = 0;
        Instant now = Instant.now();
        for (int seed = 1; have + loaded < target; seed++) {
            int chunk = Math.min(IMPORT_CHUNK, target - have - loaded);
            loaded += s.gw().incidents().importReports(DemoIncidents.generate(s.gw().grids(), seed, chunk, 365, now)).join();
        }
        secs = (System.nanoTime() - t0) / 1e9;
        line("bulk load (importReports, 20,000 per transaction)",
                String.format(Locale.ROOT, "%,.0f incidents/s (%,d in %.1f s)", loaded / secs, loaded, secs));
        s.stop();
        System.gc();

        // Start-up over the full store.
        t0 = System.nanoTime();
        s = start(config);
        line("start-up with " + String.format(Locale.ROOT, "%,d", s.gw().incidents().index().size())
                + " incidents, 10,860 grids, 2,500 units (until the HTTP port is open)", ms(t0));
        if (store.equals("postgis")) {
            queries(s);
        }
        s.stop();
        System.gc();
    }

    private void line(String what, String value) {
        String l = "| " + what + " | " + value + " |";
        if (!md.toString().endsWith("|\n") || md.toString().endsWith("\n\n")) {
            md.append("| measurement | result |\n|---|---|\n");
        }
        md.append(l).append('\n');
        System.out.println(l);
    }

    private static String ms(long t0) {
        return String.format(Locale.ROOT, "%,d ms", (System.nanoTime() - t0) / 1_000_000);
    }

    // ---------------------------------------------------------------- side by side

    /** One question asked both ways; {@code agree} compares the two answers. */
    private interface Ask {
        String gridwatch(double lon, double lat) throws Exception;

        String sql(double lon, double lat) throws Exception;
    }

    private void queries(Server s) throws Exception {
        String root = "http://127.0.0.1:" + s.gw().port();
        // Give every unit a position so that nearest-unit queries have answers.
        List<String> units = s.gw().positions().units().stream().map(UnitRecord::id).sorted().toList();
        List<PositionReport> fixes = new ArrayList<>();
        Random r = new Random(7);
        for (String u : units) {
            fixes.add(new PositionReport(u, 117.3 + r.nextDouble() * 1.2, 36.9 + r.nextDouble() * 1.3, Crs.WGS84,
                    Instant.now().minusSeconds(1), Double.NaN, Double.NaN, Double.NaN));
        }
        s.gw().positions().ingest(fixes).join();
        List<AdminArea> grids = s.gw().grids().hierarchy().level(AdminLevel.GRID);
        int q = intOpt("queries");
        double[][] points = new double[q][];
        for (int i = 0; i < q; i++) {
            var p = grids.get(r.nextInt(grids.size())).geometry().getInteriorPoint();
            points[i] = new double[] {p.getX(), p.getY()};
        }
        Instant month = Instant.now().minus(30, ChronoUnit.DAYS);
        Instant week = Instant.now().minus(7, ChronoUnit.DAYS);
        md.append("\nSame data (PostGIS store), same client, one query at a time; latency in ms (mean / p50 / p99),"
                + " and how often the two answers were equal.\n\n| query | GridWatch (HTTP) | PostGIS SQL (JDBC) | equal |\n"
                + "|---|---|---|---|\n");
        try (Connection c = jdbc()) {
            PreparedStatement lookup = c.prepareStatement(
                    "SELECT code FROM grids WHERE ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1");
            PreparedStatement radius = c.prepareStatement("""
                    SELECT count(*) FROM incidents
                    WHERE geom && ST_Expand(ST_SetSRID(ST_MakePoint(?, ?), 4326), 0.0075)
                      AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, 500)
                      AND reported_at >= ?""");
            PreparedStatement nearest = c.prepareStatement("""
                    SELECT string_agg(id, ',' ORDER BY d) FROM (
                      SELECT id, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography) AS d
                      FROM units WHERE status = 'available' AND geom IS NOT NULL
                      ORDER BY geom <-> ST_SetSRID(ST_MakePoint(?, ?), 4326) LIMIT 20) k
                    WHERE d IS NOT NULL LIMIT 1""");
            PreparedStatement perGrid = c.prepareStatement(
                    "SELECT grid_code, count(*) FROM incidents WHERE reported_at >= ? GROUP BY grid_code");
            compare("grid lookup (point → grid)", points, new Ask() {
                public String gridwatch(double lon, double lat) throws Exception {
                    JsonObject j = get(root + "/api/v1/lookup?lon=" + lon + "&lat=" + lat);
                    JsonObject g = j.getJsonObject("grid");
                    return g == null ? "" : g.getString("code");
                }

                public String sql(double lon, double lat) throws Exception {
                    lookup.setDouble(1, lon);
                    lookup.setDouble(2, lat);
                    try (ResultSet rs = lookup.executeQuery()) {
                        return rs.next() ? rs.getString(1) : "";
                    }
                }
            });
            compare("incidents within 500 m, last 30 days (count)", points, new Ask() {
                public String gridwatch(double lon, double lat) throws Exception {
                    return String.valueOf(get(root + "/api/v1/incidents?lon=" + lon + "&lat=" + lat + "&radius=500&from="
                            + month + "&count=true").getLong("count"));
                }

                public String sql(double lon, double lat) throws Exception {
                    radius.setDouble(1, lon);
                    radius.setDouble(2, lat);
                    radius.setDouble(3, lon);
                    radius.setDouble(4, lat);
                    radius.setObject(5, OffsetDateTime.ofInstant(month, ZoneOffset.UTC));
                    try (ResultSet rs = radius.executeQuery()) {
                        rs.next();
                        return String.valueOf(rs.getLong(1));
                    }
                }
            });
            compare("5 nearest available units (ids)", points, new Ask() {
                public String gridwatch(double lon, double lat) throws Exception {
                    JsonArray f = get(root + "/api/v1/units/nearest?lon=" + lon + "&lat=" + lat + "&k=5")
                            .getJsonArray("features");
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < f.size(); i++) {
                        ids.add(f.getJsonObject(i).getJsonObject("properties").getString("id"));
                    }
                    return String.join(",", ids);
                }

                public String sql(double lon, double lat) throws Exception {
                    // KNN on the GiST index in degrees for 20 candidates, then geodesic order: the first 5.
                    nearest.setDouble(1, lon);
                    nearest.setDouble(2, lat);
                    nearest.setDouble(3, lon);
                    nearest.setDouble(4, lat);
                    try (ResultSet rs = nearest.executeQuery()) {
                        String all = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                        return String.join(",", Arrays.asList(all.split(",")).subList(0, Math.min(5, all.split(",").length)));
                    }
                }
            });
            double[][] few = Arrays.copyOf(points, Math.max(5, q / 100));
            compare("incident counts per grid, last 7 days (all 10,860 grids)", few, new Ask() {
                public String gridwatch(double lon, double lat) throws Exception {
                    JsonArray rows = get(root + "/api/v1/stats/incidents?level=grid&from=" + week).getJsonArray("areas");
                    long total = 0;
                    int nonZero = 0;
                    for (int i = 0; i < rows.size(); i++) {
                        long n = rows.getJsonObject(i).getLong("count");
                        total += n;
                        nonZero += n > 0 ? 1 : 0;
                    }
                    return total + "/" + nonZero;
                }

                public String sql(double lon, double lat) throws Exception {
                    perGrid.setObject(1, OffsetDateTime.ofInstant(week, ZoneOffset.UTC));
                    long total = 0;
                    int nonZero = 0;
                    try (ResultSet rs = perGrid.executeQuery()) {
                        while (rs.next()) {
                            total += rs.getLong(2);
                            nonZero++;
                        }
                    }
                    return total + "/" + nonZero;
                }
            });
        }
    }

    private JsonObject get(String uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri.replace("+", "%2B"))).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " → " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    private void compare(String what, double[][] points, Ask ask) throws Exception {
        int warm = Math.min(200, points.length);
        for (int i = 0; i < warm; i++) {
            ask.gridwatch(points[i][0], points[i][1]);
            ask.sql(points[i][0], points[i][1]);
        }
        long[] gw = new long[points.length];
        long[] sql = new long[points.length];
        int equal = 0;
        for (int i = 0; i < points.length; i++) {
            long t = System.nanoTime();
            String a = ask.gridwatch(points[i][0], points[i][1]);
            gw[i] = System.nanoTime() - t;
            t = System.nanoTime();
            String b = ask.sql(points[i][0], points[i][1]);
            sql[i] = System.nanoTime() - t;
            if (a.equals(b)) {
                equal++;
            } else if (i < 3) {
                System.out.println("  differ for " + what + " at " + points[i][0] + "," + points[i][1] + ": " + a + " vs " + b);
            }
        }
        String l = "| " + what + " | " + stats(gw) + " | " + stats(sql) + " | "
                + String.format(Locale.ROOT, "%d/%d", equal, points.length) + " |";
        md.append(l).append('\n');
        System.out.println(l);
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", mean, s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6);
    }
}
