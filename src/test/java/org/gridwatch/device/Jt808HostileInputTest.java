package org.gridwatch.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridwatch.jt808.GeneralResponse;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.Result;
import org.gridwatch.jt808.TerminalFrames;
import org.gridwatch.testsupport.Jt808Terminal;
import org.gridwatch.testsupport.Jt808Units;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input on the JT/T 808 port: random bytes, truncated frames, wrong check codes, 100 MB
 * without a delimiter, a thousand connections that send nothing, more connections than allowed.
 * Errors are counted, other connections are served, silent ones are closed after the idle timeout.
 */
class Jt808HostileInputTest {
    static final int SILENT = 1_000;
    static final int MAX_CONNECTIONS = SILENT + 20;

    @TempDir
    static Path dir;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("GRIDWATCH_DEVICES_JT808_IDLE_TIMEOUT", "6",
                "GRIDWATCH_DEVICES_JT808_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS)));
        port = server.server().jt808Port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static double metric(String msg, String result) {
        return Jt808Units.frames(server.server(), msg, result);
    }

    /** Reads answers until the one to {@code serial} of message {@code id}; the others (error answers) are skipped. */
    static GeneralResponse answerTo(Jt808Terminal t, int id, int serial) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            GeneralResponse r = t.generalResponse();
            if (r.replyMessageId() == id && r.replySerial() == serial) {
                return r;
            }
        }
        throw new AssertionError("no answer to message " + id + " serial " + serial);
    }

    /** A heartbeat sent now is answered success: the connection still works. */
    static void stillServed(Jt808Terminal t) throws IOException {
        var h = t.header(MessageIds.HEARTBEAT);
        t.send(TerminalFrames.heartbeat(h));
        assertThat(answerTo(t, MessageIds.HEARTBEAT, h.serial()).result()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void randomBytesTruncatedFramesAndWrongCheckCodesAreCountedAndTheConnectionGoesOn() throws Exception {
        Random random = new Random(808);
        try (Jt808Terminal t = new Jt808Terminal(port, "013800000909", false)) {
            for (int sent = 0; sent < 1 << 20; ) {
                byte[] chunk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(chunk);
                t.send(chunk);
                sent += chunk.length;
            }
            stillServed(t);
            byte[] frame = TerminalFrames.heartbeat(t.header(MessageIds.HEARTBEAT));
            byte[] truncated = Arrays.copyOf(frame, frame.length - 4);
            truncated[truncated.length - 1] = 0x7e;
            t.send(truncated);
            byte[] wrongCheck = TerminalFrames.heartbeat(t.header(MessageIds.HEARTBEAT));
            wrongCheck[wrongCheck.length - 2] ^= 0x01;
            t.send(wrongCheck);
            stillServed(t);
        }
        assertThat(metric("0x0002", "bad_check")).isGreaterThanOrEqualTo(1);
        assertThat(metric("0x0002", "truncated") + metric("none", "truncated")).isGreaterThanOrEqualTo(1);
        // A megabyte of random frames carries hundreds of message ids: the label keeps the known ones only.
        java.util.Set<String> msgs = new java.util.TreeSet<>();
        server.server().metricsText().lines().filter(l -> l.startsWith("gridwatch_jt808_frames_total{msg=\""))
                .forEach(l -> msgs.add(l.substring(l.indexOf('"') + 1, l.indexOf('"', l.indexOf('"') + 1))));
        assertThat(msgs).contains("other").allSatisfy(m -> assertThat(m).matches("0x0[0-9a-f]{3}|other|none"));
        assertThat(msgs.size()).isLessThanOrEqualTo(11);
    }

    @Test
    void a100MegabyteFrameWithoutADelimiterIsDroppedOnceAndTheNextFrameIsRead() throws Exception {
        try (Jt808Terminal t = new Jt808Terminal(port, "013800000910", false)) {
            byte[] junk = new byte[1 << 20];
            Arrays.fill(junk, (byte) 0x41);
            junk[0] = 0x7e;   // opens a frame that never closes
            t.send(junk);
            junk[0] = 0x41;
            for (int i = 1; i < 100; i++) {
                t.send(junk);
            }
            stillServed(t);
        }
        assertThat(metric("none", "oversize")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aThousandSilentConnectionsDoNotStopOthersAndAreClosedWhenIdleAndMoreThanAllowedAreRefused() throws Exception {
        List<Socket> silent = new ArrayList<>();
        List<Socket> extra = new ArrayList<>();
        try {
            for (int i = 0; i < SILENT; i++) {
                silent.add(new Socket("127.0.0.1", port));
            }
            // Beyond max-connections (the served terminal below needs one more): closed at once.
            for (int i = 0; i < MAX_CONNECTIONS - SILENT + 5; i++) {
                extra.add(new Socket("127.0.0.1", port));
            }
            int refused = 0;
            for (Socket s : extra) {
                if (closedWithin(s, 300)) {
                    refused++;
                }
            }
            // At least the 5 beyond; one more when a connection of another test is still counted (its
            // close not yet seen by the server).
            assertThat(refused).as("connections beyond " + MAX_CONNECTIONS).isBetween(5, 5 + 2);
            for (Socket s : extra) {
                s.close();   // room for the terminal below
            }
            extra.clear();
            // Served meanwhile: a terminal reports, HTTP answers.
            Jt808Units.bind(server, "security_guard", 0, "013800000911");
            try (Jt808Terminal t = new Jt808Terminal(port, "013800000911", false)) {
                t.logIn();
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                assertThat(t.report(Jt808Terminal.fix(118.03, 37.39, now, 0))).isEqualTo(Result.SUCCESS);
            }
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            // Idle timeout: every silent connection is closed by the server.
            for (Socket s : silent) {
                assertThat(closedWithin(s, 20_000)).as("closed when idle").isTrue();
            }
        } finally {
            for (Socket s : silent) {
                s.close();
            }
            for (Socket s : extra) {
                s.close();
            }
        }
        assertThat(metric("none", "connection_refused")).isGreaterThanOrEqualTo(5);
    }

    /** True when the server closes {@code s} (its reads end) within {@code millis}. */
    static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;   // reset
        }
    }
}
