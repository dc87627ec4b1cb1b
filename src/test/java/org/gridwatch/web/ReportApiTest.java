package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.Role;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily reports over HTTP on a real server: generated on demand (audited, role-restricted),
 * listed with their links, downloaded as HTML, PDF, XLSX and JSON with Chinese file names, inside
 * the caller's jurisdiction; bad input answered 400 naming the field.
 */
class ReportApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static TestServer s;
    private static LocalDate yesterday;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gridwatch-reports");
        s = TestServer.start(dir);
        yesterday = LocalDate.now(s.server().zone()).minusDays(1);
        for (String category : List.of("fraud", "fraud", "traffic")) {
            var r = s.post("/api/v1/incidents", "{\"category\":\"" + category + "\",\"source\":\"police_call\",\"lon\":118.0,"
                    + "\"lat\":37.4,\"reportedAt\":\"" + yesterday + "T10:00:00\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        var r = s.post("/api/v1/reports/daily", "{\"date\":\"" + yesterday + "\",\"area\":\"371600\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/reports/daily/" + yesterday + "?area=371600&format=html");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static HttpResponse<byte[]> download(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + s.token()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String path(String format) {
        return "/api/v1/reports/daily/" + yesterday + "?area=371600&format=" + format;
    }

    /** The name a browser saves the file under: the RFC 5987 filename*, decoded. */
    private static String fileName(HttpResponse<?> r) {
        String cd = r.headers().firstValue("Content-Disposition").orElseThrow();
        String star = cd.substring(cd.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        return URLDecoder.decode(star, StandardCharsets.UTF_8);
    }

    @Test
    void theListNamesTheReportWithALinkPerFormat() throws Exception {
        JsonObject list = json(s.get("/api/v1/reports/daily"));
        assertThat(list.getString("dailyAt")).isEqualTo("07:00");
        assertThat(list.getString("zone")).isEqualTo("Asia/Shanghai");
        JsonObject e = list.getJsonArray("reports").getJsonObject(0);
        assertThat(e.getString("date")).isEqualTo(yesterday.toString());
        assertThat(e.getJsonObject("area").getString("name")).isEqualTo("滨州市");
        assertThat(e.getString("title")).isEqualTo("滨州市社会治安日报");
        assertThat(e.getJsonObject("links").getString("pdf")).isEqualTo(path("pdf"));
        assertThat(json(s.get("/api/v1/reports/daily?area=371621")).getJsonArray("reports")).as("none of 惠民县").isEmpty();
    }

    @Test
    void theHtmlPageOpensInTheBrowserWithItsChineseName() throws Exception {
        HttpResponse<String> r = s.get(path("html"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline; filename=\"gridwatch-daily-371600-" + yesterday + ".html\"; filename*=UTF-8''");
        assertThat(fileName(r)).isEqualTo("滨州市社会治安日报_" + yesterday + ".html");
        assertThat(r.body()).contains("<h1>滨州市社会治安日报</h1>").contains("<section id=\"incidents\">")
                .contains("<td>诈骗</td><td>2</td>").contains("<td>交通</td><td>1</td>").contains("<svg ");
    }

    @Test
    void thePdfAndTheWorkbookDownloadAndOpen() throws Exception {
        HttpResponse<byte[]> pdf = download(path("pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; ");
        assertThat(fileName(pdf)).isEqualTo("滨州市社会治安日报_" + yesterday + ".pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("滨州市社会治安日报").contains("各区县对比");
        }
        HttpResponse<byte[]> xlsx = download(path("xlsx"));
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type"))
                .contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(fileName(xlsx)).endsWith(".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            var fraud = wb.getSheet("事件分类统计").getRow(3); // 治安, 刑事, 诈骗
            assertThat(fraud.getCell(0).getStringCellValue()).isEqualTo("诈骗");
            assertThat(fraud.getCell(1).getNumericCellValue()).isEqualTo(2);
        }
        JsonObject model = json(s.get(path("json")));
        assertThat(model.getString("title")).isEqualTo("滨州市社会治安日报");
        assertThat(model.getJsonArray("sections").getJsonObject(0).getString("key")).isEqualTo("summary");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        assertProblem(s.get("/api/v1/reports/daily/" + yesterday + "?area=371600&format=docx"), 400, "format");
        assertProblem(s.get("/api/v1/reports/daily/2026-13-01?area=371600"), 400, "date");
        assertProblem(s.get("/api/v1/reports/daily/" + yesterday + "?area=371602001"), 400, "area");
        assertProblem(s.get("/api/v1/reports/daily/" + yesterday + "?area=999999"), 400, "area");
        assertProblem(s.get("/api/v1/reports/daily?from=2026-12-02&to=2026-12-01"), 400, "from");
        assertThat(s.get("/api/v1/reports/daily/" + yesterday.minusDays(3) + "?area=371600").statusCode()).isEqualTo(404);
        String tomorrow = LocalDate.now(s.server().zone()).plusDays(1).toString();
        assertProblem(s.post("/api/v1/reports/daily", "{\"date\":\"" + tomorrow + "\",\"area\":\"371600\"}"), 400, "date");
        assertProblem(s.post("/api/v1/reports/daily", "{\"area\":\"371600\"}"), 400, "date");
        assertProblem(s.post("/api/v1/reports/daily", "{\"date\":\"" + yesterday + "\",\"area\":\"371600\",\"x\":1}"), 400, "x");
        assertThat(json(s.get("/api/v1/reports/daily?area=371622")).getJsonArray("reports")).as("nothing stored").isEmpty();
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(r).getString("field")).isEqualTo(field);
    }

    @Test
    void aCountyOfficerSeesAndMakesOnlyTheCountysReports() throws Exception {
        TestServer.Client county = s.as(TestServer.key(s.server(), "binchen", Set.of(Role.DISPATCHER), "371602"));
        assertThat(county.get(path("html")).statusCode()).as("the city's report is outside the county").isEqualTo(404);
        assertThat(json(county.get("/api/v1/reports/daily")).getJsonArray("reports")).isEmpty();
        assertThat(county.post("/api/v1/reports/daily", "{\"date\":\"" + yesterday + "\",\"area\":\"371600\"}").statusCode())
                .isEqualTo(403);
        // The area defaults to the officer's county.
        LocalDate day = yesterday.minusDays(1);
        var made = county.post("/api/v1/reports/daily", "{\"date\":\"" + day + "\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(json(made).getJsonObject("area").getString("code")).isEqualTo("371602");
        var html = county.get("/api/v1/reports/daily/" + day);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<h1>滨城区社会治安日报</h1>").doesNotContain("各区县对比");
        String thatDay = "/api/v1/reports/daily?from=" + day + "&to=" + day;
        assertThat(json(county.get(thatDay)).getJsonArray("reports")).hasSize(1);
        assertThat(json(s.get(thatDay + "&area=371602")).getJsonArray("reports")).as("the city's officer sees it").hasSize(1);
    }

    @Test
    void generatingIsForTheDutyRolesAndAudited() throws Exception {
        TestServer.Client analyst = s.as(TestServer.key(s.server(), "analyst", Set.of(Role.ANALYST), "371600"));
        assertThat(analyst.post("/api/v1/reports/daily", "{\"date\":\"" + yesterday + "\",\"area\":\"371600\"}").statusCode())
                .isEqualTo(403);
        assertThat(analyst.get(path("html")).statusCode()).as("reading needs no more than read").isEqualTo(200);
        assertThat(s.post("/api/v1/reports/daily", "{\"date\":\"" + yesterday + "\",\"area\":\"371603\"}").statusCode())
                .isEqualTo(201);
        List<AuditRecord> writes = new ArrayList<>();
        for (int round = 0; round < 100 && writes.isEmpty(); round++) {
            s.server().audit().flush().get(30, TimeUnit.SECONDS);
            writes.clear();
            s.server().store().forEachAudit(AuditQuery.all(), r -> {
                if (r.event().action() == AuditAction.WRITE && r.event().route().equals("POST /api/v1/reports/daily")
                        && r.event().outcome() == 201 && r.event().detail().contains("371603")) {
                    writes.add(r);
                }
            });
        }
        assertThat(writes).as("the generation of 371603's report in the audit trail").hasSize(1);
    }
}
