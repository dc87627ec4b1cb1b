package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The three renderings of the fixture's city report hold its sections and figures. */
class ReportRenderTest {
    private final DailyReport report = ReportFixture.report("371600");

    @Test
    void theHtmlPageHoldsEverySectionAndDrawsItsChartsItself() {
        String html = HtmlReport.render(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"zh-CN\">").contains("<h1>城社会治安日报</h1>")
                .contains("2026年11月30日（星期一）");
        for (Section s : report.sections()) {
            assertThat(html).contains("<section id=\"" + s.key() + "\"><h2>" + s.title() + "</h2>");
        }
        assertThat(html).contains("<td>诈骗</td><td>4</td><td>2</td><td>+100.0%</td>")
                .contains("<td>矛盾纠纷</td><td>3</td><td>0</td><td>新增</td>");
        // A figure not available: the dash, its reason as a tooltip.
        assertThat(html).contains("<span class=\"value missing\" title=\"无overdue\">—</span>");
        // Charts as inline SVG, one per chart of the model; print layout for A4.
        long charts = report.sections().stream().mapToLong(s -> s.charts().size()).sum();
        assertThat(html.split("<svg ", -1)).hasSize((int) charts + 1);
        assertThat(html).contains("@page{size:A4");
        // Self-contained: no script, nothing loaded from elsewhere (the SVG namespace is a name, not a load).
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void htmlTextIsEscaped() {
        assertThat(HtmlReport.esc("<b title=\"x\">&'")).isEqualTo("&lt;b title=&quot;x&quot;&gt;&amp;&#39;");
    }

    @Test
    void thePdfIsAPdfWithTheChineseTitleInAnEmbeddedFontSubset() throws Exception {
        CjkFont font = CjkFont.find(null).orElse(null);
        assumeTrue(font != null, "no CJK font on this machine (install fonts-wqy-microhei)");
        byte[] pdf = PdfReport.render(report, font);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("城社会治安日报").contains("事件分类统计").contains("接处警与快速反应")
                    .contains("各区县对比").contains("新增").contains("+300.0%").contains("3分20秒").contains("第 1 / ");
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("城社会治安日报 2026-11-30");
            List<PDFont> fonts = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                fonts.add(doc.getPage(0).getResources().getFont(name));
            }
            assertThat(fonts).isNotEmpty().allSatisfy(f -> {
                assertThat(f.isEmbedded()).as("embedded: %s", f.getName()).isTrue();
                assertThat(f.getName()).as("a subset is named XXXXXX+Name").matches("[A-Z]{6}\\+.*");
            });
        }
        assertThat(pdf.length).as("a subset, not the whole 5 MB font").isLessThan(400_000);
    }

    @Test
    void theWorkbookHoldsTheFiguresAsNumbersUnderChineseSheetNames() throws Exception {
        byte[] xlsx = XlsxReport.render(report);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("概况", "事件分类统计", "各区县对比", "告警统计", "说明");
            Sheet incidents = wb.getSheet("事件分类统计");
            assertThat(texts(incidents.getRow(0))).containsExactly("类别", "当日", "前日", "环比", "上周同日", "同比");
            Row fraud = find(incidents, "诈骗");
            assertThat(fraud.getCell(1).getNumericCellValue()).isEqualTo(4);
            assertThat(fraud.getCell(2).getNumericCellValue()).isEqualTo(2);
            assertThat(fraud.getCell(3).getNumericCellValue()).as("+100%").isEqualTo(1.0);
            assertThat(fraud.getCell(3).getCellStyle().getDataFormatString()).contains("0.0%");
            Row dispute = find(incidents, "矛盾纠纷");
            assertThat(dispute.getCell(3).getCellType()).isEqualTo(CellType.STRING);
            assertThat(dispute.getCell(3).getStringCellValue()).isEqualTo("新增");
            Row total = find(incidents, "合计");
            assertThat(total.getCell(1).getNumericCellValue()).isEqualTo(8);
            Sheet summary = wb.getSheet("概况");
            Row median = find(summary, 1, "到场时间中位数");
            assertThat(median.getCell(2).getNumericCellValue() * 86_400).as("a duration, in days").isCloseTo(200.0,
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(median.getCell(2).getCellStyle().getDataFormatString()).isEqualTo("[m]:ss");
            assertThat(find(summary, 1, "超时事件").getCell(2).getStringCellValue()).isEqualTo("—");
            assertThat(find(summary, 1, "巡逻覆盖率").getCell(2).getNumericCellValue()).isEqualTo(0.75);
            assertThat(find(wb.getSheet("告警统计"), "护学岗未到岗").getCell(4).getNumericCellValue()).isEqualTo(0.4);
        }
    }

    private static Row find(Sheet s, String label) {
        return find(s, 0, label);
    }

    private static Row find(Sheet s, int column, String label) {
        for (Row r : s) {
            Cell c = r.getCell(column);
            if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(label)) {
                return r;
            }
        }
        throw new AssertionError("no row " + label + " in " + s.getSheetName());
    }

    private static List<String> texts(Row r) {
        List<String> out = new ArrayList<>();
        r.forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }
}
