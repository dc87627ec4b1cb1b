package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end (issue 10, "Transport and hardening"): a real server started with a PEM
 * certificate and key made by the test (self-signed, SAN 127.0.0.1 and localhost) and a redirect
 * port. Proves that the API answers over HTTPS to a client trusting that certificate, with
 * Strict-Transport-Security of the configured max-age; that the TLS port does not speak plain
 * HTTP; that a client not trusting the certificate fails the handshake; that the redirect port
 * answers every request with a 301 to the same path on HTTPS (and no HSTS, which is for TLS
 * answers only); and that {@code /live} works over WSS with a bearer token.
 */
class TlsTest {
    /** Distinct from the default, so the header shows the configured value. */
    private static final long HSTS_SECONDS = 600;

    @TempDir
    static Path dir;
    static TestServer server;
    static X509Certificate certificate;
    static int redirectPort;
    /** A client trusting only the test's certificate. */
    static HttpClient trusting;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        certificate = selfSigned(keys);
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(cert, pem(certificate));
        Files.writeString(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        // A port free a moment ago: the redirect listener needs a fixed one.
        try (ServerSocket s = new ServerSocket(0)) {
            redirectPort = s.getLocalPort();
        }
        server = TestServer.start(dir, Map.of(
                "GRIDWATCH_HTTP_TLS_CERT", cert.toString(),
                "GRIDWATCH_HTTP_TLS_KEY", key.toString(),
                "GRIDWATCH_HTTP_TLS_REDIRECT_PORT", Integer.toString(redirectPort),
                "GRIDWATCH_HTTP_TLS_HSTS_MAX_AGE", Long.toString(HSTS_SECONDS)));
        trusting = client(trustingOnly(certificate));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A self-signed server certificate for 127.0.0.1 and localhost, valid a day either side of now. */
    static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=127.0.0.1, O=GridWatch test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(keys.getPrivate())));
    }

    static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** A TLS context whose only trust anchor is {@code cert}. */
    static SSLContext trustingOnly(X509Certificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("gridwatch-test", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** An HTTP/1.1 client with {@code tls}; it does not follow redirects. */
    static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI https(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.server().port() + pathAndQuery);
    }

    static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + server.token()).GET().build();
    }

    @Test
    void apiAnswersOverHttpsWithHsts() throws Exception {
        HttpResponse<String> r = trusting.send(get(https("/api/v1/areas?level=county")), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).startsWith("TLSv1."));
        JsonArray features = new JsonObject(r.body()).getJsonArray("features");
        assertThat(features.stream().map(f -> ((JsonObject) f).getJsonObject("properties").getString("code")))
                .contains("371602", "371603");
        assertThat(r.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=" + HSTS_SECONDS + "; includeSubDomains");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void refusalsOverHttpsCarryHstsToo() throws Exception {
        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(https("/api/v1/incidents"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void tlsPortRefusesPlainHttp() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + server.server().port() + "/api/v1/areas?level=county");
        // The server ends the connection at once (not a TLS record); a timeout would mean it waited instead.
        assertThatThrownBy(() -> plain.send(get(uri), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void clientNotTrustingTheCertificateFailsTheHandshake() throws Exception {
        // The JDK's default trust store (public CAs), and one trusting another self-signed certificate.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        X509Certificate other = selfSigned(g.generateKeyPair());
        for (SSLContext tls : new SSLContext[] {SSLContext.getDefault(), trustingOnly(other)}) {
            assertThatThrownBy(() -> client(tls).send(get(https("/health")), HttpResponse.BodyHandlers.ofString()))
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
        }
    }

    /** {@code t} and its causes, outermost first. */
    static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void redirectPortSendsToHttps() throws Exception {
        HttpClient plain = client(SSLContext.getDefault());
        String path = "/api/v1/areas?level=county";
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isIn(301, 308);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("https://127.0.0.1:" + server.server().port() + path);
        // RFC 6797 §7.2: HSTS is not sent over plain HTTP.
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        HttpResponse<String> followed = trusting.send(get(URI.create(location)), HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
    }

    @Test
    void liveWorksOverWss() throws Exception {
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket ws = trusting.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + server.token())
                .buildAsync(URI.create("wss://127.0.0.1:" + server.server().port() + HttpVerticle.LIVE_PATH),
                        new Frames(frames))
                .get(10, TimeUnit.SECONDS);
        try {
            JsonObject welcome = frames.poll(10, TimeUnit.SECONDS);
            assertThat(welcome).isNotNull();
            assertThat(welcome.getString("op")).isEqualTo("welcome");
            assertThat(welcome.getString("session")).isNotBlank();
            ws.sendText(new JsonObject().put("op", "subscribe").put("id", "s").put("channel", "stats").encode(), true)
                    .get(10, TimeUnit.SECONDS);
            JsonObject snapshot = frames.poll(10, TimeUnit.SECONDS);
            assertThat(snapshot).as("a frame after subscribe").isNotNull();
            assertThat(snapshot.getString("op")).as(snapshot.encode()).isEqualTo("snapshot");
            assertThat(snapshot.getString("id")).isEqualTo("s");
            assertThat(snapshot.getString("channel")).isEqualTo("stats");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }

    /** Queues each complete text message as JSON. */
    private static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonObject> out;
        private final StringBuilder partial = new StringBuilder();

        Frames(LinkedBlockingQueue<JsonObject> out) {
            this.out = out;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                out.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
