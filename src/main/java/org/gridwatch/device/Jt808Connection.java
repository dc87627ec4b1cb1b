package org.gridwatch.device;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Terminals;
import org.gridwatch.jt808.Authentication;
import org.gridwatch.jt808.Decoded;
import org.gridwatch.jt808.FrameDecoder;
import org.gridwatch.jt808.Header;
import org.gridwatch.jt808.Jt808Exception;
import org.gridwatch.jt808.Location;
import org.gridwatch.jt808.LocationBatch;
import org.gridwatch.jt808.Malformed;
import org.gridwatch.jt808.Message;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.PlatformMessages;
import org.gridwatch.jt808.RegistrationResult;
import org.gridwatch.jt808.Result;
import org.gridwatch.jt808.Subpackages;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal's TCP connection: frames in, answers out, on the event loop that accepted it (every
 * method runs there; nothing here is shared).
 *
 * <p>Every message is answered, so terminals do not retransmit forever (each part of a
 * sub-packaged message too; the part that completes it as the whole message is): registration with
 * 0x8100, every other terminal message with the general response 0x8001 — success, failure (not
 * authenticated, wrong code, the store could not take it: the terminal sends it again), message
 * error (a bad check code or body) or not supported — except the terminal's own general responses
 * (0x0001), which answer nothing the gateway sends. A location is answered only once the ingest
 * pipeline has committed it, or dropped it for good (a duplicate, out of order, an implausible
 * jump: success, as for Traccar Client's 204, or the terminal would send it forever); a fix without
 * a valid position (status bit 1 clear) is answered success and not stored.
 *
 * <p>A terminal must authenticate (0x0102, with the code its registration was answered, or its
 * device key) before its locations are taken; its positions are those of the unit it is bound to,
 * in its coordinate system. Memory is bounded: one frame buffer, bounded sub-package reassembly, and
 * reading pauses while {@value #MAX_IN_FLIGHT} locations wait for their commit.
 */
final class Jt808Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Connection.class);
    /** Location messages waiting for their commit before reading pauses. */
    static final int MAX_IN_FLIGHT = 16;
    /** Failed authentications after which the connection is closed. */
    static final int MAX_AUTH_FAILURES = 3;

    private final NetSocket socket;
    private final Context context;
    private final PositionService positions;
    private final Terminals terminals;
    private final boolean openRegistration;
    private final Jt808Metrics metrics;
    private final FrameDecoder decoder = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
    /** At most 4 messages, 16 KiB, a minute in reassembly (a location batch rarely needs more than a few parts). */
    private final Subpackages parts = new Subpackages(4, 16 * 1024, 60_000);
    private DeviceKey terminal;
    private int serial;
    private int inFlight;
    private int authFailures;
    private boolean closed;

    Jt808Connection(NetSocket socket, Context context, PositionService positions, Terminals terminals,
                    boolean openRegistration, Jt808Metrics metrics) {
        this.socket = socket;
        this.context = context;
        this.positions = positions;
        this.terminals = terminals;
        this.openRegistration = openRegistration;
        this.metrics = metrics;
    }

    /** Wires the socket's handlers; {@code onClose} runs once when the connection closes. */
    void start(Runnable onClose) {
        socket.handler(this::read);
        socket.closeHandler(v -> {
            closed = true;
            onClose.run();
        });
        socket.exceptionHandler(e -> LOG.debug("JT/T 808 connection {}: {}", socket.remoteAddress(), e.toString()));
    }

    private void read(Buffer data) {
        byte[] bytes = data.getBytes();
        decoder.feed(bytes, 0, bytes.length, this::handle);
    }

    private void handle(Decoded d) {
        if (d instanceof Malformed m) {
            metrics.frame(m.header() == null ? -1 : m.header().messageId(), m.reason().name().toLowerCase(java.util.Locale.ROOT));
            if (m.header() != null) {
                answer(m.header(), Result.MESSAGE_ERROR);
            }
            return;
        }
        Message message = (Message) d;
        // Every part of a sub-packaged message is answered: the parts at once, the part that completes
        // the message as the message itself would be (for a location batch: after its commit).
        Header answerTo = message.header();
        if (message.header().subpackaged()) {
            Optional<Message> whole = parts.offer(message, System.currentTimeMillis());
            if (whole.isEmpty()) {
                answer(answerTo, Result.SUCCESS);
                return;
            }
            message = whole.get();
        }
        try {
            dispatch(message, answerTo);
        } catch (Jt808Exception e) {
            metrics.frame(answerTo.messageId(), Jt808Metrics.BAD_BODY);
            answer(answerTo, Result.MESSAGE_ERROR);
        }
    }

    /** Handles message {@code m}, answering {@code h} (its header, or that of its last part). */
    private void dispatch(Message m, Header h) {
        if (h.encrypted()) {
            metrics.frame(h.messageId(), Jt808Metrics.NOT_SUPPORTED);
            answer(h, Result.NOT_SUPPORTED);
            return;
        }
        switch (h.messageId()) {
            case MessageIds.TERMINAL_GENERAL_RESPONSE -> metrics.frame(h.messageId(), Jt808Metrics.OK);
            case MessageIds.REGISTRATION -> register(m, h);
            case MessageIds.AUTHENTICATION -> authenticate(m, h);
            case MessageIds.HEARTBEAT -> {
                metrics.frame(h.messageId(), Jt808Metrics.OK);
                answer(h, Result.SUCCESS);
            }
            case MessageIds.LOGOUT -> {
                metrics.frame(h.messageId(), Jt808Metrics.OK);
                answer(h, Result.SUCCESS);
                terminal = null;
                socket.end();
            }
            case MessageIds.LOCATION -> locations(h, List.of(Location.decode(m)));
            case MessageIds.LOCATION_BATCH -> locations(h, LocationBatch.decode(m).items());
            default -> {
                metrics.frame(h.messageId(), Jt808Metrics.NOT_SUPPORTED);
                answer(h, Result.NOT_SUPPORTED);
            }
        }
    }

    private void register(Message m, Header h) {
        org.gridwatch.jt808.Registration.decode(m);   // a registration that cannot be read is a message error
        Optional<DeviceKey> bound = terminals.byTerminal(h.phone());
        if (bound.isEmpty()) {
            metrics.frame(h.messageId(), Jt808Metrics.UNKNOWN_TERMINAL);
            write(PlatformMessages.registrationResponse(h, nextSerial(), RegistrationResult.NO_SUCH_TERMINAL, null));
            return;
        }
        if (!openRegistration) {
            metrics.frame(h.messageId(), Jt808Metrics.REFUSED);
            write(PlatformMessages.registrationResponse(h, nextSerial(), RegistrationResult.TERMINAL_REGISTERED, null));
            return;
        }
        metrics.frame(h.messageId(), Jt808Metrics.OK);
        write(PlatformMessages.registrationResponse(h, nextSerial(), RegistrationResult.SUCCESS,
                Terminals.authCode(bound.get())));
    }

    private void authenticate(Message m, Header h) {
        Authentication a = Authentication.decode(m);
        Optional<DeviceKey> bound = terminals.byTerminal(h.phone());
        if (bound.isPresent() && Terminals.accepts(bound.get(), a.code())) {
            terminal = bound.get();
            authFailures = 0;
            metrics.frame(h.messageId(), Jt808Metrics.OK);
            answer(h, Result.SUCCESS);
            return;
        }
        metrics.frame(h.messageId(), bound.isEmpty() ? Jt808Metrics.UNKNOWN_TERMINAL : Jt808Metrics.AUTH_FAILED);
        answer(h, Result.FAILURE);
        if (++authFailures >= MAX_AUTH_FAILURES) {
            LOG.info("JT/T 808 terminal {} from {}: {} failed authentications, closed", h.phone(), socket.remoteAddress(),
                    authFailures);
            socket.end();
        }
    }

    private void locations(Header h, List<Location> fixes) {
        DeviceKey t = current(h);
        if (t == null) {
            return;
        }
        List<PositionReport> reports = new ArrayList<>(fixes.size());
        for (Location l : fixes) {
            if (l.positioned()) {
                reports.add(Jt808Positions.report(l, t));
            } else {
                metrics.frame(h.messageId(), Jt808Metrics.NOT_POSITIONED);
            }
        }
        if (reports.isEmpty()) {
            answer(h, Result.SUCCESS);
            return;
        }
        if (++inFlight >= MAX_IN_FLIGHT) {
            socket.pause();
        }
        positions.ingest(reports).whenComplete((result, e) -> context.runOnContext(v -> {
            if (inFlight-- == MAX_IN_FLIGHT && !closed) {
                socket.resume();
            }
            if (e != null) {
                metrics.frame(h.messageId(), Jt808Metrics.STORE_FAILED);
                answer(h, Result.FAILURE);   // not stored: the terminal sends it again
                return;
            }
            for (PositionService.Rejected r : result.rejected()) {
                metrics.frame(h.messageId(), Jt808Metrics.DROPPED + "_" + r.reason().id());
            }
            for (int i = result.rejected().size(); i < reports.size(); i++) {
                metrics.frame(h.messageId(), Jt808Metrics.OK);
            }
            // Stored, or dropped for good (sending it again cannot change that): success either way,
            // except an unknown unit (a binding to a unit since removed): failure.
            boolean unknown = result.rejected().stream().anyMatch(r -> r.reason() == RejectReason.UNKNOWN_UNIT);
            answer(h, unknown ? Result.FAILURE : Result.SUCCESS);
        }));
    }

    /** The authenticated terminal sending {@code h}, or null (answered failure) when there is none. */
    private DeviceKey current(Header h) {
        DeviceKey t = terminal;
        if (t == null || !Terminals.normalised(h.phone()).equals(Terminals.normalised(t.terminalId()))) {
            metrics.frame(h.messageId(), Jt808Metrics.UNAUTHENTICATED);
            answer(h, Result.FAILURE);
            return null;
        }
        // A binding revoked since the authentication ends the terminal's reports.
        DeviceKey now = terminals.byTerminal(h.phone()).filter(d -> d.id().equals(t.id())).orElse(null);
        if (now == null) {
            terminal = null;
            metrics.frame(h.messageId(), Jt808Metrics.UNAUTHENTICATED);
            answer(h, Result.FAILURE);
        }
        return now;
    }

    private void answer(Header h, int result) {
        write(PlatformMessages.generalResponse(h, nextSerial(), result));
    }

    private void write(byte[] frame) {
        if (!closed) {
            socket.write(Buffer.buffer(frame));
        }
    }

    private int nextSerial() {
        int s = serial;
        serial = (serial + 1) & 0xffff;
        return s;
    }
}
