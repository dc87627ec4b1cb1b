package org.gridwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.gridwatch.jt808.Authentication;
import org.gridwatch.jt808.Edition;
import org.gridwatch.jt808.FrameDecoder;
import org.gridwatch.jt808.GeneralResponse;
import org.gridwatch.jt808.Header;
import org.gridwatch.jt808.Location;
import org.gridwatch.jt808.Malformed;
import org.gridwatch.jt808.Message;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.Registration;
import org.gridwatch.jt808.RegistrationResponse;
import org.gridwatch.jt808.TerminalFrames;

/**
 * A JT/T 808 terminal for tests: a blocking TCP client that sends terminal messages (2013 or 2019
 * header) and reads the platform's answers, each within a few seconds. Not thread-safe.
 */
public final class Jt808Terminal implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String phone;
    private final boolean v2019;
    private final FrameDecoder decoder = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
    private final Deque<Message> received = new ArrayDeque<>();
    private int serial;

    public Jt808Terminal(int port, String phone, boolean v2019) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.phone = phone;
        this.v2019 = v2019;
    }

    /** The header of this terminal's next message {@code messageId}. */
    public Header header(int messageId) {
        int s = serial++;
        return v2019 ? Header.of2019(messageId, 1, phone, s) : Header.of2013(messageId, phone, s);
    }

    /** Sends raw bytes (a frame, part of one, several, garbage). */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The platform's next message. */
    public Message next() throws IOException {
        byte[] buf = new byte[4096];
        while (received.isEmpty()) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("the platform closed the connection");
            }
            decoder.feed(buf, 0, n, d -> {
                if (d instanceof Message m) {
                    received.add(m);
                } else {
                    throw new AssertionError("the platform sent a malformed frame: " + ((Malformed) d).reason());
                }
            });
        }
        return received.poll();
    }

    /** The platform's next message, which must be a general response 0x8001. */
    public GeneralResponse generalResponse() throws IOException {
        Message m = next();
        if (m.header().messageId() != MessageIds.PLATFORM_GENERAL_RESPONSE) {
            throw new AssertionError("expected 0x8001, got " + MessageIds.name(m.header().messageId()));
        }
        return GeneralResponse.decode(m);
    }

    /** True when the platform closed the connection (reads end) within the read timeout. */
    public boolean closedByPlatform() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Registers (0x0100) and returns the answer. */
    public RegistrationResponse register() throws IOException {
        Registration r = new Registration(37, 1602, "GWTST", "GW-808", "T000001", 1, "鲁M12345",
                v2019 ? Edition.V2019 : Edition.V2013);
        send(TerminalFrames.registration(header(MessageIds.REGISTRATION), r));
        Message m = next();
        if (m.header().messageId() != MessageIds.REGISTRATION_RESPONSE) {
            throw new AssertionError("expected 0x8100, got " + MessageIds.name(m.header().messageId()));
        }
        return RegistrationResponse.decode(m);
    }

    /** Authenticates (0x0102) with {@code code}; returns the general response's result. */
    public int authenticate(String code) throws IOException {
        send(TerminalFrames.authentication(header(MessageIds.AUTHENTICATION),
                new Authentication(code, v2019 ? "860000000000001" : null, v2019 ? "1.0" : null)));
        return generalResponse().result();
    }

    /** Registers and authenticates with the code the registration was answered. */
    public void logIn() throws IOException {
        RegistrationResponse r = register();
        if (r.result() != 0) {
            throw new AssertionError("registration answered " + r.result());
        }
        int a = authenticate(r.authCode());
        if (a != 0) {
            throw new AssertionError("authentication answered " + a);
        }
    }

    /** A positioned fix at (lon, lat), WGS84, with {@code alarms} flags, reported at {@code time}. */
    public static Location fix(double lon, double lat, Instant time, long alarmFlags) {
        return Location.builder(lat, lon, time).statusFlags(Location.STATUS_POSITIONED | Location.STATUS_ACC)
                .alarmFlags(alarmFlags).speedKmh(36).direction(90).altitude(12).satellites(9).signal(25)
                .mileageKm(1234.5).build();
    }

    /** Reports one location (0x0200); returns the general response's result. */
    public int report(Location l) throws IOException {
        send(TerminalFrames.location(header(MessageIds.LOCATION), l));
        return generalResponse().result();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
