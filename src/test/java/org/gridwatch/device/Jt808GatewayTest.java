package org.gridwatch.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.gridwatch.jt808.Alarm;
import org.gridwatch.jt808.GeneralResponse;
import org.gridwatch.jt808.LocationBatch;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.RegistrationResponse;
import org.gridwatch.jt808.RegistrationResult;
import org.gridwatch.jt808.Result;
import org.gridwatch.jt808.TerminalFrames;
import org.gridwatch.testsupport.Jt808Terminal;
import org.gridwatch.testsupport.Jt808Units;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JT/T 808 terminals against a real server: register, authenticate, report, alarm; and what is refused. */
class Jt808GatewayTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        port = server.server().jt808Port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String bind(String kind, int n, String phone) throws Exception {
        return Jt808Units.bind(server, kind, n, phone);
    }

    static JsonObject unit(String id) throws Exception {
        return json(server.get("/api/v1/units/" + id));
    }

    static double metric(String msg, String result) {
        return Jt808Units.frames(server.server(), msg, result);
    }

    @Test
    void a2013TerminalRegistersAuthenticatesAndMovesItsUnit() throws Exception {
        String unit = bind("police_car", 0, "013800000101");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        try (Jt808Terminal terminal = new Jt808Terminal(port, "013800000101", false)) {
            RegistrationResponse r = terminal.register();
            assertThat(r.result()).isEqualTo(RegistrationResult.SUCCESS);
            assertThat(r.authCode()).matches("[0-9A-F]{16}");
            assertThat(terminal.register().authCode()).as("the same code at every registration").isEqualTo(r.authCode());
            assertThat(terminal.report(Jt808Terminal.fix(118.01, 37.41, t, 0))).as("before authentication")
                    .isEqualTo(Result.FAILURE);
            assertThat(unit(unit).getJsonObject("geometry")).as("not taken").isNull();
            assertThat(terminal.authenticate("0000000000000000")).isEqualTo(Result.FAILURE);
            assertThat(terminal.authenticate(r.authCode())).isEqualTo(Result.SUCCESS);

            assertThat(terminal.report(Jt808Terminal.fix(118.01, 37.41, t, 0))).isEqualTo(Result.SUCCESS);
            JsonObject u = unit(unit);
            assertThat(u.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0)).isEqualTo(118.01);
            assertThat(u.getJsonObject("geometry").getJsonArray("coordinates").getDouble(1)).isEqualTo(37.41);
            JsonObject p = u.getJsonObject("properties");
            assertThat(p.getString("time")).isEqualTo(t.toString());
            assertThat(p.getDouble("speed")).as("36 km/h").isEqualTo(10.0);
            assertThat(p.getDouble("heading")).isEqualTo(90.0);
            assertThat(p.getJsonObject("device").getBoolean("ignition")).isTrue();
            assertThat(p.getJsonObject("device").getInteger("satellites")).isEqualTo(9);
            assertThat(p.getJsonObject("device").getDouble("odometer")).isEqualTo(1_234_500.0);
            assertThat(terminal.report(Jt808Terminal.fix(118.01, 37.41, t, 0))).as("a duplicate: done, not again")
                    .isEqualTo(Result.SUCCESS);

            // Heartbeat, an unsupported message, a batch of two (blind-area supplement).
            terminal.send(TerminalFrames.heartbeat(terminal.header(MessageIds.HEARTBEAT)));
            assertThat(terminal.generalResponse().result()).isEqualTo(Result.SUCCESS);
            terminal.send(org.gridwatch.jt808.Frames.encode(terminal.header(0x0900), new byte[] {1, 2, 3}));
            GeneralResponse unsupported = terminal.generalResponse();
            assertThat(unsupported.result()).isEqualTo(Result.NOT_SUPPORTED);
            assertThat(unsupported.replyMessageId()).isEqualTo(0x0900);
            terminal.send(TerminalFrames.locationBatch(terminal.header(MessageIds.LOCATION_BATCH), new LocationBatch(
                    LocationBatch.TYPE_BLIND_AREA, List.of(Jt808Terminal.fix(118.011, 37.41, t.plusSeconds(5), 0),
                    Jt808Terminal.fix(118.012, 37.41, t.plusSeconds(10), 0)))));
            GeneralResponse batch = terminal.generalResponse();
            assertThat(batch.replyMessageId()).isEqualTo(MessageIds.LOCATION_BATCH);
            assertThat(batch.result()).isEqualTo(Result.SUCCESS);
            assertThat(unit(unit).getJsonObject("geometry").getJsonArray("coordinates").getDouble(0)).isEqualTo(118.012);

            // A batch of six sent in three sub-packages, the last part first: each part is answered, the
            // batch is taken once whole, and the part completing it is answered after the commit.
            List<org.gridwatch.jt808.Location> six = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                six.add(Jt808Terminal.fix(118.012 + i * 0.0002, 37.41, t.plusSeconds(10 + 5L * i), 0));
            }
            var batchHeader = terminal.header(MessageIds.LOCATION_BATCH);
            for (int i = 0; i < 2; i++) {
                terminal.header(MessageIds.LOCATION_BATCH);   // the parts take the next serials
            }
            List<byte[]> parts = org.gridwatch.jt808.Frames.encodeSplit(batchHeader,
                    new LocationBatch(LocationBatch.TYPE_NORMAL, six).encode(), 100);
            assertThat(parts).hasSize(3);
            for (int i : new int[] {2, 0}) {
                terminal.send(parts.get(i));
                GeneralResponse part = terminal.generalResponse();
                assertThat(part.result()).isEqualTo(Result.SUCCESS);
                assertThat(part.replySerial()).isEqualTo(batchHeader.serial() + i);
            }
            terminal.send(parts.get(1));
            GeneralResponse whole = terminal.generalResponse();
            assertThat(whole.replyMessageId()).isEqualTo(MessageIds.LOCATION_BATCH);
            assertThat(whole.replySerial()).as("the completing part, answered after the commit")
                    .isEqualTo(batchHeader.serial() + 1);
            assertThat(whole.result()).isEqualTo(Result.SUCCESS);
            assertThat(unit(unit).getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
                    .isCloseTo(118.0132, org.assertj.core.api.Assertions.within(1e-9));

            terminal.send(TerminalFrames.logout(terminal.header(MessageIds.LOGOUT)));
            assertThat(terminal.generalResponse().result()).isEqualTo(Result.SUCCESS);
            assertThat(terminal.closedByPlatform()).isTrue();
        }
        assertThat(metric("0x0200", "ok")).isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0200", "dropped_duplicate")).isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0704", "ok")).as("per fix of the batch").isGreaterThanOrEqualTo(2);
        assertThat(metric("other", "not_supported")).as("an id the gateway does not know").isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0900", "not_supported")).as("no label value per unknown id").isZero();
        assertThat(metric("0x0200", "unauthenticated")).isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0102", "auth_failed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a2019TerminalsSosIsACriticalAlertAtItsFixWithinASecond() throws Exception {
        String unit = bind("foot_patrol", 0, "19900000202");
        String callSign = unit(unit).getJsonObject("properties").getString("callSign");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        try (Jt808Terminal terminal = new Jt808Terminal(port, "00000000019900000202", true)) {
            terminal.logIn();
            assertThat(terminal.report(Jt808Terminal.fix(118.02, 37.38, t, 0))).isEqualTo(Result.SUCCESS);
            long sent = System.nanoTime();
            assertThat(terminal.report(Jt808Terminal.fix(118.02, 37.38, t.plusSeconds(2), Alarm.EMERGENCY.mask())))
                    .isEqualTo(Result.SUCCESS);
            // The answer comes after the commit, and the alert is raised in the same stream step.
            JsonObject sos = json(server.get("/api/v1/alerts?kind=sos&open=true&limit=500")).getJsonArray("alerts").stream()
                    .map(JsonObject.class::cast).filter(a -> a.getString("title").equals(callSign + " 紧急求助"))
                    .findFirst().orElseThrow(() -> new AssertionError("no sos alert for " + callSign));
            assertThat((System.nanoTime() - sent) / 1e9).as("seconds from the frame to the alert listed").isLessThan(1.0);
            assertThat(sos.getString("severity")).isEqualTo("critical");
            assertThat(sos.getDouble("lon")).isEqualTo(118.02);
            assertThat(unit(unit).getJsonObject("properties").getJsonObject("device").getJsonArray("alarms"))
                    .containsExactly("sos");
        }
    }

    @Test
    void unknownTerminalsAndBrokenFramesAreAnsweredAndCountedAndTheConnectionLives() throws Exception {
        try (Jt808Terminal stranger = new Jt808Terminal(port, "013899999999", false)) {
            assertThat(stranger.register().result()).isEqualTo(RegistrationResult.NO_SUCH_TERMINAL);
            assertThat(stranger.authenticate("ABCDEF0123456789")).isEqualTo(Result.FAILURE);
            // A wrong check code is a message error; the connection goes on.
            byte[] heartbeat = TerminalFrames.heartbeat(stranger.header(MessageIds.HEARTBEAT));
            byte[] broken = heartbeat.clone();
            broken[broken.length - 2] ^= 0x55;
            stranger.send(broken);
            assertThat(stranger.generalResponse().result()).isEqualTo(Result.MESSAGE_ERROR);
            // One frame split over two writes, then two frames in one write.
            byte[] a = TerminalFrames.heartbeat(stranger.header(MessageIds.HEARTBEAT));
            stranger.send(Arrays.copyOfRange(a, 0, 5));
            stranger.send(Arrays.copyOfRange(a, 5, a.length));
            assertThat(stranger.generalResponse().result()).isEqualTo(Result.SUCCESS);
            byte[] b = TerminalFrames.heartbeat(stranger.header(MessageIds.HEARTBEAT));
            byte[] c = TerminalFrames.heartbeat(stranger.header(MessageIds.HEARTBEAT));
            byte[] both = Arrays.copyOf(b, b.length + c.length);
            System.arraycopy(c, 0, both, b.length, c.length);
            stranger.send(both);
            assertThat(stranger.generalResponse().result()).isEqualTo(Result.SUCCESS);
            assertThat(stranger.generalResponse().result()).isEqualTo(Result.SUCCESS);
        }
        assertThat(metric("0x0100", "unknown_terminal")).isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0002", "bad_check")).isGreaterThanOrEqualTo(1);
    }
}
