package org.gridwatch.export;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Point;

/**
 * XLSX (Office Open XML) with Apache POI's streaming writer: one sheet named after the layer's title,
 * a bold header row of the properties' Chinese titles (a person reads this format; CSV has the
 * names), one row per feature, the cells typed — numbers as numbers, booleans as booleans, instants
 * as date-times in the city's local time ({@code yyyy-mm-dd hh:mm:ss}; Excel has no time zones),
 * dates as dates — the geometry last: {@code 经度}/{@code 纬度} numbers for a point layer, else a WKT
 * text column (a cell holds at most {@value #MAX_CELL} characters: a longer geometry is left out,
 * saying so in the cell; GeoPackage or GeoJSON carry it whole).
 *
 * <p>Memory: {@value #WINDOW} rows at a time; the rest go to a compressed temporary file, deleted by
 * {@link #close}. The workbook is written to the stream by {@link #finish}.
 */
final class XlsxWriter implements FeatureWriter {
    /** Rows kept in memory. */
    static final int WINDOW = 100;
    /** Longest text of an Excel cell. */
    static final int MAX_CELL = 32_767;
    private static final String TOO_LONG = "（几何过长，超出单元格上限；请用 GeoPackage 或 GeoJSON 导出）";

    private final OutputStream out;
    private final ExportOptions options;
    private SXSSFWorkbook wb;
    private SXSSFSheet sheet;
    private CellStyle dateTime;
    private CellStyle date;
    private ExportSchema schema;
    private boolean points;
    private int row;
    private long count;

    XlsxWriter(OutputStream out, ExportOptions options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.XLSX;
    }

    @Override
    public void begin(ExportSchema schema) {
        this.schema = schema;
        this.points = schema.spatial() && schema.geometryKind().isPoint();
        wb = new SXSSFWorkbook(WINDOW);
        wb.setCompressTempFiles(true);
        sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(schema.title()));
        Font bold = wb.createFont();
        bold.setBold(true);
        CellStyle header = wb.createCellStyle();
        header.setFont(bold);
        dateTime = wb.createCellStyle();
        dateTime.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        date = wb.createCellStyle();
        date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
        SXSSFRow h = sheet.createRow(row++);
        List<String> titles = new java.util.ArrayList<>();
        if (schema.writesId()) {
            titles.add("标识");
        }
        for (Property p : schema.properties()) {
            titles.add(p.title());
        }
        if (schema.spatial()) {
            titles.addAll(points ? List.of("经度", "纬度") : List.of("几何(WKT)"));
        }
        for (int i = 0; i < titles.size(); i++) {
            SXSSFCell c = h.createCell(i);
            c.setCellValue(titles.get(i));
            c.setCellStyle(header);
        }
        sheet.createFreezePane(0, 1);
    }

    @Override
    public void write(Feature f) {
        SXSSFRow r = sheet.createRow(row++);
        int col = 0;
        if (schema.writesId()) {
            r.createCell(col++).setCellValue(f.id());
        }
        for (Property p : schema.properties()) {
            set(r, col++, f.get(p.name()));
        }
        if (schema.spatial()) {
            if (points) {
                Point pt = f.geometry() instanceof Point p ? p : f.geometry().getCentroid();
                if (!pt.isEmpty()) {
                    r.createCell(col).setCellValue(pt.getX());
                    r.createCell(col + 1).setCellValue(pt.getY());
                }
            } else {
                String wkt = Values.wkt(f.geometry());
                r.createCell(col).setCellValue(wkt.length() <= MAX_CELL ? wkt : TOO_LONG);
            }
        }
        count++;
    }

    private void set(SXSSFRow r, int col, Object v) {
        if (v == null) {
            return;
        }
        SXSSFCell c = r.createCell(col);
        if (v instanceof Instant i) {
            c.setCellValue(i.atZone(options.zone()).toLocalDateTime());
            c.setCellStyle(dateTime);
        } else if (v instanceof LocalDate d) {
            c.setCellValue(d);
            c.setCellStyle(date);
        } else if (v instanceof Boolean b) {
            c.setCellValue(b);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                c.setCellValue(d);
            }
        } else {
            String s = v.toString();
            c.setCellValue(s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL));
        }
    }

    @Override
    public long finish() throws IOException {
        wb.write(out);
        out.flush();
        return count;
    }

    @Override
    public void close() {
        if (wb == null) {
            return;
        }
        wb.dispose();
        try {
            wb.close();
        } catch (IOException e) {
            // Only the temporary files' writers remain to close; they are deleted already.
        }
        wb = null;
    }
}
