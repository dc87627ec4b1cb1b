package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed front end (built from {@code web/} into the webroot before the tests run): the two
 * pages, and glyph ranges, with an empty range for code points no font file covers.
 */
class FrontEndTest {
    @TempDir
    Path dir;

    @Test
    void servesBothPagesAndGlyphs() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            // Without a session the pages send the browser to the login page, which is open.
            for (String path : new String[] {"/", "/index.html", "/dispatch", "/dispatch/", "/dispatch.html"}) {
                var r = s.anonymous().get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(302);
                assertThat(r.headers().firstValue("Location")).as(path).hasValueSatisfying(l -> assertThat(l)
                        .startsWith("/login?next=%2F"));
            }
            var login = s.anonymous().get("/login");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("<script type=\"module\"");
            s.user("zhang", java.util.Set.of(org.gridwatch.auth.Role.SCREEN), "371600");
            TestServer.PageSession page = s.pageLogin("zhang");
            var big = s.anonymous().get("/", "Cookie", page.cookieHeader());
            assertThat(big.statusCode()).isEqualTo(200);
            assertThat(big.body()).contains("态势一张图").contains("<script type=\"module\"");
            assertThat(big.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(big.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            for (String path : new String[] {"/dispatch", "/dispatch/"}) {
                var desk = s.anonymous().get(path, "Cookie", page.cookieHeader());
                assertThat(desk.statusCode()).as(path).isEqualTo(200);
                assertThat(desk.body()).contains("指挥调度台");
            }
            String stack = "/glyphs/" + URLEncoder.encode("Noto Sans Regular", StandardCharsets.UTF_8).replace("+", "%20");
            var latin = s.get(stack + "/0-255.pbf");
            assertThat(latin.statusCode()).isEqualTo(200);
            assertThat(latin.body()).isNotEmpty();
            var cjk = s.get(stack + "/19968-20223.pbf");
            assertThat(cjk.statusCode()).isEqualTo(200);
            assertThat(cjk.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
            assertThat(cjk.body()).isEmpty();
            assertThat(s.get("/no-such-page").statusCode()).isEqualTo(404);
            assertThat(s.get("/api/v1/no-such-route").statusCode()).isEqualTo(404);
        }
    }
}
