package org.gridwatch.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID Connect token issuer for tests: an RSA key pair made at start, its public half
 * published as a JWKS document ({@code {"keys":[{kty,n,e,kid,alg,use}]}}) by an HTTP server on a
 * free loopback port, and RS256-signed JWTs (JDK {@link Signature}, SHA256withRSA). The verifier
 * under test fetches the JWKS like any identity provider's; nothing of it is mocked.
 *
 * <p>Thread-safe: signing uses a new {@link Signature} per token; the HTTP server serves one
 * immutable document.
 */
public final class TokenIssuer implements AutoCloseable {
    /** The {@code iss} of this issuer's tokens. */
    public static final String ISSUER = "https://idp.city.test/realms/public-safety";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String kid;
    private final HttpServer http;
    private final AtomicInteger fetches = new AtomicInteger();

    private TokenIssuer(KeyPair keys, String kid, HttpServer http) {
        this.keys = keys;
        this.kid = kid;
        this.http = http;
    }

    /** Makes a key pair and starts serving its JWKS at {@link #jwksUrl()}. */
    public static TokenIssuer start() throws IOException, GeneralSecurityException {
        KeyPair keys = newKeyPair();
        String kid = "test-" + UUID.randomUUID();
        byte[] jwks = new JsonObject().put("keys", new JsonArray().add(jwk((RSAPublicKey) keys.getPublic(), kid)))
                .encode().getBytes(StandardCharsets.UTF_8);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TokenIssuer issuer = new TokenIssuer(keys, kid, http);
        http.createContext("/jwks.json", ex -> {
            issuer.fetches.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(jwks);
            }
        });
        http.start();
        return issuer;
    }

    /** A new 2048-bit RSA key pair. */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** The public JWK of {@code key} (RFC 7517/7518: n and e as unsigned big-endian base64url). */
    public static JsonObject jwk(RSAPublicKey key, String kid) {
        return new JsonObject().put("kty", "RSA").put("n", B64URL.encodeToString(unsigned(key.getModulus())))
                .put("e", B64URL.encodeToString(unsigned(key.getPublicExponent()))).put("kid", kid).put("alg", "RS256")
                .put("use", "sig");
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** Where the JWKS is served. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json";
    }

    /** The key id the JWKS names and {@link #sign(JsonObject)} puts in the header. */
    public String kid() {
        return kid;
    }

    /** How often the JWKS was fetched. */
    public int fetches() {
        return fetches.get();
    }

    /** Claims of a valid token for {@code audience}: iss, aud, sub, iat, exp (in 10 minutes) and jti. */
    public JsonObject claims(String audience, String subject) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", ISSUER).put("aud", audience).put("sub", subject).put("iat", now)
                .put("exp", now + 600).put("jti", UUID.randomUUID().toString());
    }

    /** {@code claims} as a JWT signed RS256 with this issuer's key, naming its kid. */
    public String sign(JsonObject claims) throws GeneralSecurityException {
        return sign(header(kid), claims, keys.getPrivate());
    }

    /** The JOSE header of an RS256 token naming {@code kid}. */
    public static JsonObject header(String kid) {
        return new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid);
    }

    /** {@code header.claims} signed SHA256withRSA with {@code key} (whatever the header says). */
    public static String sign(JsonObject header, JsonObject claims, PrivateKey key) throws GeneralSecurityException {
        String input = part(header) + "." + part(claims);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64URL.encodeToString(s.sign());
    }

    /** {@code header.claims.} with no signature (as {@code alg: none} tokens are). */
    public static String unsigned(JsonObject header, JsonObject claims) {
        return part(header) + "." + part(claims) + ".";
    }

    /** The base64url JSON of {@code o}: one part of a JWT. */
    public static String part(JsonObject o) {
        return B64URL.encodeToString(o.encode().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
