package org.gridwatch.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.gridwatch.report.Section.Figure;
import org.gridwatch.report.Section.Row;
import org.gridwatch.report.Section.Table;

/**
 * A daily report as an XLSX workbook (Apache POI's streaming SXSSF writer), Chinese sheet names
 * and headings: sheet 概况 lists every section's headline figures, one sheet per table follows,
 * and 说明 holds the notes. Numbers stay numbers: counts as integers, shares and changes as
 * percentages, durations as spreadsheet durations ({@code [m]:ss}); a figure not available is
 * the text "—" (its reason in 说明), a change from zero the text 新增. Stateless; thread-safe.
 */
public final class XlsxReport {
    /** Rows the streaming writer keeps in memory before flushing to its temporary file. */
    private static final int WINDOW = 100;

    private XlsxReport() {
    }

    /** The workbook's bytes. */
    public static byte[] render(DailyReport r) {
        // Closing the workbook also deletes the streaming writer's temporary files.
        try (SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW)) {
            Styles st = new Styles(wb);
            Set<String> names = new HashSet<>();
            SXSSFSheet summary = wb.createSheet(sheetName("概况", names));
            int y = 0;
            head(summary.createRow(y++), st, List.of(r.title(), r.dateText()));
            head(summary.createRow(y++), st, List.of("生成时间", r.generatedText() + "（" + r.zone().getId() + "）"));
            y++;
            head(summary.createRow(y++), st, List.of("栏目", "指标", "数值"));
            for (Section s : r.sections()) {
                for (Figure f : s.figures()) {
                    SXSSFRow row = summary.createRow(y++);
                    row.createCell(0).setCellValue(s.title());
                    row.createCell(1).setCellValue(f.label());
                    cell(row, 2, f.value(), st);
                }
            }
            widths(summary, 3);
            for (Section s : r.sections()) {
                for (Table t : s.tables()) {
                    SXSSFSheet sheet = wb.createSheet(sheetName(t.title(), names));
                    int k = 0;
                    head(sheet.createRow(k++), st, t.columns());
                    for (Row tr : t.rows()) {
                        SXSSFRow row = sheet.createRow(k++);
                        row.createCell(0).setCellValue(tr.label());
                        for (int c = 0; c < tr.values().size(); c++) {
                            cell(row, c + 1, tr.values().get(c), st);
                        }
                    }
                    widths(sheet, t.columns().size());
                }
            }
            SXSSFSheet notes = wb.createSheet(sheetName("说明", names));
            int n = 0;
            head(notes.createRow(n++), st, List.of("栏目", "说明"));
            for (Section s : r.sections()) {
                for (String note : s.notes()) {
                    SXSSFRow row = notes.createRow(n++);
                    row.createCell(0).setCellValue(s.title());
                    row.createCell(1).setCellValue(note);
                }
            }
            notes.setColumnWidth(0, 20 * 256);
            notes.setColumnWidth(1, 100 * 256);
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report's workbook", e);
        }
    }

    /** The cell styles, made once per workbook (a workbook holds at most 64,000 styles). */
    private static final class Styles {
        final CellStyle head;
        final CellStyle percent;
        final CellStyle change;
        final CellStyle duration;
        final CellStyle dash;

        Styles(SXSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            head = wb.createCellStyle();
            head.setFont(bold);
            percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
            change = wb.createCellStyle();
            change.setDataFormat(wb.createDataFormat().getFormat("+0.0%;-0.0%;0.0%"));
            duration = wb.createCellStyle();
            duration.setDataFormat(wb.createDataFormat().getFormat("[m]:ss"));
            dash = wb.createCellStyle();
            dash.setAlignment(org.apache.poi.ss.usermodel.HorizontalAlignment.RIGHT);
        }
    }

    private static void head(SXSSFRow row, Styles st, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            var c = row.createCell(i);
            c.setCellValue(texts.get(i));
            c.setCellStyle(st.head);
        }
    }

    private static void cell(SXSSFRow row, int col, Value v, Styles st) {
        var c = row.createCell(col);
        Double number = v.number();
        if (v instanceof Value.Count n) {
            c.setCellValue(n.n());
        } else if (v instanceof Value.Seconds d) {
            c.setCellValue(d.s() / 86_400);
            c.setCellStyle(st.duration);
        } else if (v instanceof Value.Ratio && number != null) {
            c.setCellValue(number);
            c.setCellStyle(st.percent);
        } else if (v instanceof Value.Change && number != null) {
            c.setCellValue(number);
            c.setCellStyle(st.change);
        } else {
            c.setCellValue(v.text());
            c.setCellStyle(st.dash);
        }
    }

    private static void widths(Sheet sheet, int columns) {
        sheet.setColumnWidth(0, 22 * 256);
        for (int i = 1; i < columns; i++) {
            sheet.setColumnWidth(i, 14 * 256);
        }
    }

    /** A valid sheet name (at most 31 characters, none of []:*?/\), unique in the workbook. */
    private static String sheetName(String wanted, Set<String> taken) {
        String base = WorkbookUtil.createSafeSheetName(wanted);
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            String suffix = "(" + i + ")";
            name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        return name;
    }
}
