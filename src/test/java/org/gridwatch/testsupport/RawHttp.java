package org.gridwatch.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the test writes it: for requests no HTTP client
 * would send (made-up methods, malformed escapes, ambiguous framing, headers sent slowly), and to
 * see exactly what the server answers on one connection and when it closes it. Not thread-safe:
 * one thread writes, one reads.
 */
public final class RawHttp implements AutoCloseable {
    /** How long a read waits before the test fails, ms: a bound, not a wait. */
    private static final int READ_TIMEOUT_MS = 30_000;

    /** One answer: status, headers (names lower-cased) and body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A connection to {@code 127.0.0.1:port}. */
    public static RawHttp connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        return new RawHttp(s);
    }

    /** A connection to the test server. */
    public static RawHttp connect(TestServer s) throws IOException {
        return connect(s.uri("/").getPort());
    }

    /** Writes {@code text} (ISO-8859-1, as HTTP/1.1 heads are) and flushes. */
    public RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Writes {@code bytes} and flushes. */
    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * The next answer on the connection, informational ones (100 Continue) included.
     *
     * @throws EOFException when the server closed the connection before another answer
     */
    public Response read() throws IOException {
        String status = line();
        if (status == null) {
            throw new EOFException("connection closed by the server");
        }
        String[] parts = status.split(" ", 3);
        int code = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("content-length");
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(n));
                line();
            }
            for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                // trailers: none expected
            }
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length.get(0))));
        }
        return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    /**
     * Waits (at most the read timeout) until the server closes the connection.
     *
     * @return the bytes it sent before closing (none for a silent close)
     * @throws SocketTimeoutException when it stays open
     */
    public String awaitClose() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            for (int c = in.read(); c >= 0; c = in.read()) {
                b.write(c);
            }
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            // a reset is a close too
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Closes with a TCP reset rather than a FIN: the abrupt end of a client that went away. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
