package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridwatch.codec.PositionJson;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code POST /api/v1/positions} with every body it takes (JSON array, NDJSON, columnar) against a
 * real server, run on each store ({@link PositionIngestGeoPackageTest}, {@link PositionIngestPostgisTest}):
 * what is acknowledged is stored (read back from the store, not only from memory), bad items are
 * rejected one by one, bad bodies are refused whole, and the order and jump checks are the same
 * whatever the body. Each test uses units of its own, so the tests share one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PositionIngestContract {
    static final String COLUMNAR = PositionJson.COLUMNAR;
    /** Fix times of the tests: an hour ago, whole seconds. */
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @TempDir
    static Path dir;
    TestServer server;
    private List<String> units;
    private final AtomicInteger nextUnit = new AtomicInteger();

    /** Starts the server on the store under test. */
    abstract TestServer start(Path dir) throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        server = start(dir);
        units = server.server().positions().units().stream().map(UnitRecord::id).sorted().toList();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    /** {@code n} roster units no other test uses. */
    List<String> freshUnits(int n) {
        int from = nextUnit.getAndAdd(n);
        assertThat(from + n).as("units in the test city").isLessThanOrEqualTo(units.size());
        return units.subList(from, from + n);
    }

    HttpResponse<String> post(String body, String contentType) throws Exception {
        return server.as(server.token()).send("POST", "/api/v1/positions", body, "Content-Type", contentType);
    }

    JsonObject accepted(String body, String contentType) throws Exception {
        HttpResponse<String> r = post(body, contentType);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** index → reason of the rejections of an answer. */
    static List<String> rejections(JsonObject answer) {
        List<String> out = new ArrayList<>();
        for (Object o : answer.getJsonArray("rejected")) {
            JsonObject j = (JsonObject) o;
            out.add(j.getInteger("index") + " " + j.getString("reason"));
        }
        return out;
    }

    /** The unit's stored track over the test hours, read from the store. */
    List<Position> stored(String unit) {
        return server.server().store().track(unit, T.minusSeconds(3600), T.plusSeconds(7200), ReadBudget.unbounded());
    }

    Position lastInStore(String unit) {
        return server.server().store().loadUnits().stream().filter(u -> u.id().equals(unit)).findFirst()
                .orElseThrow().lastPosition();
    }

    static String columnar(List<String> unit, List<Double> lon, List<Double> lat, List<Object> time) {
        return new JsonObject().put("unit", new JsonArray(new ArrayList<>(unit))).put("lon", new JsonArray(new ArrayList<>(lon)))
                .put("lat", new JsonArray(new ArrayList<>(lat))).put("time", new JsonArray(new ArrayList<>(time))).encode();
    }

    static String item(String unit, double lon, double lat, Instant time) {
        return new JsonObject().put("unit", unit).put("lon", lon).put("lat", lat).put("time", time.toString()).encode();
    }

    @Test
    void columnarBodyIsStoredAsSent() throws Exception {
        List<String> u = freshUnits(2);
        String body = "{\"unit\":[\"" + u.get(0) + "\",\"" + u.get(1) + "\",\"" + u.get(0) + "\"],"
                + "\"lon\":[118.0,118.2,118.0001],\"lat\":[37.4,37.5,37.4001],"
                + "\"time\":[\"" + T + "\"," + T.plusSeconds(1).toEpochMilli() + "," + T.plusSeconds(2).getEpochSecond() + "],"
                + "\"speed\":[3.5,null,4],\"heading\":[90,null,null],\"accuracy\":[5,6,null],\"crs\":\"wgs84\"}";
        JsonObject r = accepted(body, COLUMNAR + "; charset=utf-8");
        assertThat(r.getInteger("accepted")).isEqualTo(3);
        assertThat(r.getJsonArray("rejected")).isEmpty();
        assertThat(stored(u.get(0))).containsExactly(new Position(u.get(0), 118.0, 37.4, T, 3.5, 90, 5),
                new Position(u.get(0), 118.0001, 37.4001, T.plusSeconds(2), 4, Double.NaN, Double.NaN));
        assertThat(stored(u.get(1))).containsExactly(new Position(u.get(1), 118.2, 37.5, T.plusSeconds(1), Double.NaN,
                Double.NaN, 6));
        assertThat(lastInStore(u.get(0))).isEqualTo(new Position(u.get(0), 118.0001, 37.4001, T.plusSeconds(2), 4,
                Double.NaN, Double.NaN));
        assertThat(server.server().positions().unit(u.get(1)).orElseThrow().lastPosition().time()).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void columnarEntriesThatCannotBeReadAreRejectedOneByOne() throws Exception {
        List<String> u = freshUnits(1);
        String a = "\"" + u.get(0) + "\"";
        String t = "\"" + T + "\"";
        String body = "{\"unit\":[" + a + ",null,\"\\ud800\"," + a + "," + a + "," + a + "," + a + "],"
                + "\"lon\":[\"118\",118.0,118.0,{\"x\":1},118.0,118.0,118.0],"
                + "\"lat\":[37.4,37.4,37.4,37.4,37.4,37.4,37.4],"
                + "\"time\":[" + t + "," + t + "," + t + "," + t + ",\"soon\",[1]," + t + "],"
                + "\"speed\":[null,null,null,null,null,null,\"fast\"]}";
        JsonObject r = accepted(body, COLUMNAR);
        assertThat(r.getInteger("accepted")).isZero();
        assertThat(rejections(r)).containsExactly("0 invalid", "1 invalid", "2 invalid", "3 invalid", "4 invalid",
                "5 invalid", "6 invalid");
        // One good entry among bad ones lands.
        JsonObject good = accepted(body.replace(",\"fast\"]", ",1.5]"), COLUMNAR);
        assertThat(good.getInteger("accepted")).isEqualTo(1);
        assertThat(rejections(good)).hasSize(6).doesNotContain("6 invalid");
        assertThat(stored(u.get(0))).containsExactly(new Position(u.get(0), 118.0, 37.4, T, 1.5, Double.NaN, Double.NaN));
    }

    @Test
    void columnarBodiesThatAreNotColumnsAreRefusedWhole() throws Exception {
        List<String> u = freshUnits(1);
        String a = "[\"" + u.get(0) + "\"]";
        String t = "[\"" + T + "\"]";
        List<String> bodies = List.of(
                "{\"unit\":" + a + ",\"lon\":[118.0],\"time\":" + t + "}",                               // no lat
                "{\"unit\":" + a + ",\"lon\":[118.0,118.1],\"lat\":[37.4],\"time\":" + t + "}",            // lengths
                "{\"unit\":" + a + ",\"lon\":[118.0],\"lon\":[118.0],\"lat\":[37.4],\"time\":" + t + "}",  // twice
                "{\"unit\":" + a + ",\"lng\":[118.0],\"lon\":[118.0],\"lat\":[37.4],\"time\":" + t + "}",  // unknown
                "{\"unit\":" + a + ",\"lon\":118.0,\"lat\":[37.4],\"time\":" + t + "}",                    // not an array
                "{\"unit\":" + a + ",\"lon\":[118.0],\"lat\":[37.4],\"time\":" + t + ",\"crs\":\"utm\"}",  // crs
                "{\"unit\":" + a + ",\"lon\":[118.0],\"lat\":[37.4],\"time\":" + t,                        // cut
                "[{\"unit\":\"" + u.get(0) + "\",\"lon\":118.0,\"lat\":37.4,\"time\":\"" + T + "\"}]");   // rows
        for (String body : bodies) {
            HttpResponse<String> r = post(body, COLUMNAR);
            ApiTest.assertProblem(r, 400, "body");
            assertThat(TestServer.json(r).getString("detail")).as(body).doesNotContain("Jackson", "com.fasterxml");
        }
        assertThat(stored(u.get(0))).isEmpty();
        assertThat(server.server().positions().unit(u.get(0)).orElseThrow().lastPosition()).isNull();
    }

    @Test
    void orderAndJumpChecksAreTheSameForEveryBody() throws Exception {
        List<String> u = freshUnits(3);
        for (int b = 0; b < 3; b++) {
            String id = u.get(b);
            // at T+10 (lands), T+5 (older: out of order), T+10 again (duplicate), 50 km away 1 s later (jump)
            List<Object> times = List.of(T.plusSeconds(10).toString(), T.plusSeconds(5).toString(),
                    T.plusSeconds(10).toString(), T.plusSeconds(11).toString(), T.plusSeconds(20).toString());
            List<Double> lon = List.of(118.0, 118.0, 118.0, 118.5, 118.0001);
            String body;
            String type;
            if (b == 0) {
                body = columnar(List.of(id, id, id, id, id), lon, List.of(37.4, 37.4, 37.4, 37.4, 37.4), times);
                type = COLUMNAR;
            } else {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    s.append(b == 1 ? (i == 0 ? "[" : ",") : "").append(item(id, lon.get(i), 37.4,
                            Instant.parse((String) times.get(i)))).append(b == 2 ? "\r\n" : "");
                }
                body = b == 1 ? s.append("]").toString() : s.toString();
                type = b == 1 ? "application/json" : "application/x-ndjson";
            }
            JsonObject r = accepted(body, type);
            assertThat(r.getInteger("accepted")).as(type).isEqualTo(2);
            assertThat(rejections(r)).as(type).containsExactly("1 out_of_order", "2 duplicate", "3 implausible_jump");
            assertThat(stored(id)).extracting(Position::time).containsExactly(T.plusSeconds(10), T.plusSeconds(20));
        }
    }

    @Test
    void arrayAndNdjsonItemsAreReadAsStrictlyAsBefore() throws Exception {
        List<String> u = freshUnits(1);
        String id = u.get(0);
        String good = item(id, 118.0, 37.4, T.plusSeconds(30));
        String nestedDuplicate = item(id, 118.0, 37.4, T).replace("{", "{\"extra\":{\"a\":1,\"a\":2},");
        String surrogateName = item(id, 118.0, 37.4, T.plusSeconds(1)).replace("{", "{\"\\udc00\":1,");
        String surrogateDeep = item(id, 118.0, 37.4, T.plusSeconds(2)).replace("{", "{\"extra\":[[\"\\ud800x\"]],");
        JsonObject r = accepted("[" + nestedDuplicate + ",42," + surrogateName + ",[1,2]," + surrogateDeep + "," + good
                + "]", "application/json");
        assertThat(r.getInteger("accepted")).isEqualTo(1);
        assertThat(rejections(r)).containsExactly("0 invalid", "1 invalid", "2 invalid", "3 invalid", "4 invalid");
        // NDJSON: a line that is not JSON, or has more after its object, is one invalid item.
        String later = item(id, 118.0, 37.4, T.plusSeconds(40));
        JsonObject nd = accepted("{\"unit\":\n" + later + " {}\n\n" + later + "\n", "application/x-ndjson");
        assertThat(nd.getInteger("accepted")).isEqualTo(1);
        assertThat(rejections(nd)).containsExactly("0 invalid", "1 invalid");
        assertThat(stored(id)).extracting(Position::time).containsExactly(T.plusSeconds(30), T.plusSeconds(40));
        // An array nested too deep is refused whole, as StrictJson refuses it.
        String deep = "[".repeat(70) + "]".repeat(70);
        ApiTest.assertProblem(post("[" + item(id, 118.0, 37.4, T.plusSeconds(50)).replace("{", "{\"x\":" + deep + ",")
                + "]", "application/json"), 400, "body");
        assertThat(stored(id)).hasSize(2);
    }

    @Test
    void aLargeBatchIsStoredWhole() throws Exception {
        // 10,000 positions of 1,000 units, 10 each, in one columnar request and one JSON array.
        for (String type : List.of(COLUMNAR, "application/json")) {
            List<String> u = freshUnits(1_000);
            List<String> unit = new ArrayList<>();
            List<Double> lon = new ArrayList<>();
            List<Double> lat = new ArrayList<>();
            List<Object> time = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                for (int i = 0; i < u.size(); i++) {
                    unit.add(u.get(i));
                    lon.add(117.8 + i * 1e-4 + k * 1e-6);
                    lat.add(37.3);
                    time.add(T.plusSeconds(k).toEpochMilli());
                }
            }
            String body;
            if (type.equals(COLUMNAR)) {
                body = columnar(unit, lon, lat, time);
            } else {
                JsonArray a = new JsonArray();
                for (int i = 0; i < unit.size(); i++) {
                    a.add(new JsonObject().put("unit", unit.get(i)).put("lon", lon.get(i)).put("lat", lat.get(i))
                            .put("time", time.get(i)));
                }
                body = a.encode();
            }
            JsonObject r = accepted(body, type);
            assertThat(r.getInteger("accepted")).as(type).isEqualTo(10_000);
            assertThat(r.getJsonArray("rejected")).isEmpty();
            List<Position> inStore = server.server().store().positionsIn(new Envelope(117.7999, 117.9001, 37.29, 37.31),
                    T.minusSeconds(1), T.plusSeconds(10), ReadBudget.unbounded()).stream()
                    .filter(p -> u.contains(p.unitId())).sorted(Comparator.comparing(Position::unitId)).toList();
            assertThat(inStore).as(type).hasSize(10_000);
            for (int i = 0; i < u.size(); i += 111) {
                assertThat(lastInStore(u.get(i))).isEqualTo(Position.of(u.get(i), 117.8 + i * 1e-4 + 9 * 1e-6, 37.3,
                        T.plusSeconds(9)));
            }
        }
    }

    /** Last of the class: it closes the store. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aFailingStoreGets503AndNothingIsApplied() throws Exception {
        List<String> u = freshUnits(1);
        int positioned = server.server().positions().index().size();
        server.server().store().close();
        HttpResponse<String> r = post(columnar(u, List.of(118.0), List.of(37.4), List.of(T.toString())), COLUMNAR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(server.server().positions().unit(u.get(0)).orElseThrow().lastPosition()).isNull();
        assertThat(server.server().positions().index().size()).isEqualTo(positioned);
    }
}
