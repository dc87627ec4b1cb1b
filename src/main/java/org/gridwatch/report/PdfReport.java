package org.gridwatch.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;
import org.gridwatch.report.Section.Chart;
import org.gridwatch.report.Section.Figure;
import org.gridwatch.report.Section.Row;
import org.gridwatch.report.Section.Table;

/**
 * A daily report as a PDF (Apache PDFBox), A4 portrait, the same sections as the HTML page: the
 * headline figures in boxes, the tables, the bar charts drawn as vector graphics, the notes, and
 * on every page a footer with the title and "第 n / N 页". The text is set in a {@link CjkFont},
 * embedded as a subset; a character the font lacks is set as "?". Stateless; thread-safe (each
 * call opens the font file itself).
 */
public final class PdfReport {
    private static final float MARGIN = 42;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float FOOTER = 28;

    private PdfReport() {
    }

    /** The PDF's bytes. @throws UncheckedIOException if the font cannot be read */
    public static byte[] render(DailyReport r, CjkFont font) {
        try (PDDocument doc = new PDDocument()) {
            TrueTypeCollection collection = null;
            try {
                TrueTypeFont ttf;
                if (font.isCollection()) {
                    collection = new TrueTypeCollection(font.file().toFile());
                    List<TrueTypeFont> first = new ArrayList<>(1);
                    collection.processAllFonts(f -> {
                        if (first.isEmpty()) {
                            first.add(f);
                        }
                    });
                    ttf = first.get(0);
                } else {
                    ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(font.file().toFile()));
                }
                Writer w = new Writer(doc, PDType0Font.load(doc, ttf, true), ttf.getUnicodeCmapLookup());
                w.report(r);
                doc.getDocumentInformation().setTitle(r.title() + " " + r.date());
                doc.getDocumentInformation().setSubject(r.dateText());
                doc.getDocumentInformation().setCreator("GridWatch");
                ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
                doc.save(out); // the subset is made here: the font must still be open
                return out.toByteArray();
            } finally {
                if (collection != null) {
                    collection.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report's PDF with font " + font + ": " + e.getMessage(), e);
        }
    }

    /** Lays the report out page by page. Not thread-safe: one per document. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private final CmapLookup cmap;
        private final Map<Integer, Boolean> hasGlyph = new HashMap<>();
        private PDPageContentStream cs;
        private float y;
        private String title = "";

        Writer(PDDocument doc, PDType0Font font, CmapLookup cmap) {
            this.doc = doc;
            this.font = font;
            this.cmap = cmap;
        }

        void report(DailyReport r) throws IOException {
            title = r.title() + " · " + r.date();
            newPage();
            text(r.title(), MARGIN, y - 20, 20, 0xb3282d);
            y -= 34;
            text(r.dateText() + " · 生成于 " + r.generatedText() + "（" + r.zone().getId() + "）· " + r.generatedBy(), MARGIN, y,
                    9, 0x5a6577);
            y -= 8;
            rect(MARGIN, y - 2, WIDTH, 2, 0xb3282d);
            y -= 12;
            for (Section s : r.sections()) {
                section(s);
            }
            cs.close();
            footers();
        }

        private void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PAGE.getHeight() - MARGIN;
        }

        /** Starts a new page unless {@code height} points are left above the footer. */
        private void need(float height) throws IOException {
            if (y - height < MARGIN + FOOTER) {
                newPage();
            }
        }

        private void section(Section s) throws IOException {
            need(60);
            rect(MARGIN, y - 15, 4, 15, 0x2f6fdf);
            text(s.title(), MARGIN + 9, y - 12, 13, 0x1d2633);
            y -= 24;
            figures(s.figures());
            for (Table t : s.tables()) {
                table(t);
            }
            for (Chart c : s.charts()) {
                chart(c);
            }
            for (String n : s.notes()) {
                for (String line : wrap("· " + n, 7.5f, WIDTH)) {
                    need(11);
                    text(line, MARGIN, y - 8, 7.5f, 0x5a6577);
                    y -= 11;
                }
            }
            y -= 6;
        }

        private void figures(List<Figure> figures) throws IOException {
            int perRow = 5;
            float gap = 6;
            float w = (WIDTH - gap * (perRow - 1)) / perRow;
            float h = 38;
            for (int i = 0; i < figures.size(); i += perRow) {
                need(h + gap);
                for (int k = i; k < Math.min(figures.size(), i + perRow); k++) {
                    float x = MARGIN + (k - i) * (w + gap);
                    box(x, y - h, w, h, 0xd5dbe5);
                    Figure f = figures.get(k);
                    text(fit(f.label(), 7.5f, w - 8), x + 5, y - 12, 7.5f, 0x5a6577);
                    text(f.value().text(), x + 5, y - 30, 13, f.value() instanceof Value.Missing ? 0x8a94a6 : 0x1d2633);
                }
                y -= h + gap;
            }
        }

        private void table(Table t) throws IOException {
            int n = t.columns().size();
            float first = Math.min(110, WIDTH * 0.28f);
            float other = (WIDTH - first) / Math.max(1, n - 1);
            float rowH = 14;
            need(rowH * 3 + 12);
            text(t.title(), MARGIN, y - 9, 9, 0x1d2633);
            y -= 13;
            header(t, first, other, rowH);
            for (Row row : t.rows()) {
                if (y - rowH < MARGIN + FOOTER) {
                    newPage();
                    header(t, first, other, rowH);
                }
                if (row.label().equals("合计")) {
                    rect(MARGIN, y - rowH, WIDTH, rowH, 0xf7f9fc);
                }
                cell(row.label(), MARGIN, first, rowH, false, 0x1d2633);
                for (int c = 0; c < row.values().size(); c++) {
                    Value v = row.values().get(c);
                    cell(v.text(), MARGIN + first + c * other, other, rowH, true,
                            v instanceof Value.Missing ? 0x8a94a6 : 0x1d2633);
                }
                y -= rowH;
            }
            y -= 6;
        }

        private void header(Table t, float first, float other, float rowH) throws IOException {
            rect(MARGIN, y - rowH, WIDTH, rowH, 0xeef2f8);
            for (int c = 0; c < t.columns().size(); c++) {
                float x = c == 0 ? MARGIN : MARGIN + first + (c - 1) * other;
                cell(t.columns().get(c), x, c == 0 ? first : other, rowH, c > 0, 0x1d2633);
            }
            y -= rowH;
        }

        private void cell(String s, float x, float w, float h, boolean right, int colour) throws IOException {
            box(x, y - h, w, h, 0xc9d1dd);
            float size = 8;
            String safe = safe(s);
            float tw = width(safe, size);
            if (tw > w - 4) {
                size = Math.max(5, size * (w - 4) / tw);
                tw = width(safe, size);
            }
            text(safe, right ? x + w - 2 - tw : x + 3, y - h + 4, size, colour);
        }

        private void chart(Chart c) throws IOException {
            float h = 170;
            need(h + 16);
            BarChartLayout l = new BarChartLayout(WIDTH, h, 30, 18, 44, c);
            float top = y;
            double max = l.axisMax();
            for (int k = 0; k < BarChartLayout.TICKS; k++) {
                double v = max * k / (BarChartLayout.TICKS - 1);
                float ty = top - (float) l.y(v);
                rect(MARGIN + (float) l.left(), ty, (float) l.plotWidth(), 0.5f, k == 0 ? 0x5a6577 : 0xe3e8f0);
                String label = BarChartLayout.tick(v);
                text(label, MARGIN + (float) l.left() - 3 - width(label, 7), ty - 2.5f, 7, 0x5a6577);
            }
            text(c.unit(), MARGIN, top - 10, 7, 0x5a6577);
            for (int s = 0; s < c.series().size(); s++) {
                int colour = Integer.parseInt(BarChartLayout.COLOURS[s % BarChartLayout.COLOURS.length].substring(1), 16);
                float lx = MARGIN + (float) l.left() + 30 + s * 90;
                rect(lx, top - 12, 10, 8, colour);
                text(c.series().get(s).name(), lx + 13, top - 11.5f, 7.5f, 0x1d2633);
                for (int g = 0; g < c.labels().size(); g++) {
                    Double v = c.series().get(s).values().get(g);
                    if (v != null && v > 0) {
                        float by = top - (float) l.y(0);
                        float bh = (float) (l.y(0) - l.y(v));
                        rect(MARGIN + (float) l.barX(g, s), by, (float) l.barWidth(), bh, colour);
                    }
                }
            }
            for (int g = 0; g < c.labels().size(); g++) {
                float x = MARGIN + (float) l.groupCentre(g);
                float ly = top - (float) l.y(0) - 10;
                String label = safe(c.labels().get(g));
                // Rotated 30° like the HTML chart's, right end under the group's centre.
                double a = Math.toRadians(30);
                float tw = width(label, 7);
                cs.beginText();
                cs.setFont(font, 7);
                colour(0x1d2633, false);
                cs.setTextMatrix(Matrix.getRotateInstance(a, x + 3 - tw * (float) Math.cos(a), ly - tw * (float) Math.sin(a)));
                cs.showText(label);
                cs.endText();
            }
            y -= h + 4;
            text(c.title(), MARGIN, y - 8, 8.5f, 0x1d2633);
            y -= 16;
        }

        private void footers() throws IOException {
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                try (PDPageContentStream f = new PDPageContentStream(doc, doc.getPage(i),
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    cs = f;
                    rect(MARGIN, MARGIN + 14, WIDTH, 0.5f, 0xd5dbe5);
                    text(title, MARGIN, MARGIN + 4, 7.5f, 0x8a94a6);
                    String page = "第 " + (i + 1) + " / " + n + " 页";
                    text(page, MARGIN + WIDTH - width(page, 7.5f), MARGIN + 4, 7.5f, 0x8a94a6);
                }
            }
        }

        // ------------------------------------------------------------ drawing

        private void text(String s, float x, float baseline, float size, int colour) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            colour(colour, false);
            cs.newLineAtOffset(x, baseline);
            cs.showText(safe(s));
            cs.endText();
        }

        private void rect(float x, float yy, float w, float h, int colour) throws IOException {
            colour(colour, false);
            cs.addRect(x, yy, w, h);
            cs.fill();
        }

        private void box(float x, float yy, float w, float h, int colour) throws IOException {
            colour(colour, true);
            cs.setLineWidth(0.5f);
            cs.addRect(x, yy, w, h);
            cs.stroke();
        }

        private void colour(int rgb, boolean stroke) throws IOException {
            float r = (rgb >> 16 & 0xff) / 255f;
            float g = (rgb >> 8 & 0xff) / 255f;
            float b = (rgb & 0xff) / 255f;
            if (stroke) {
                cs.setStrokingColor(r, g, b);
            } else {
                cs.setNonStrokingColor(r, g, b);
            }
        }

        private float width(String s, float size) throws IOException {
            return font.getStringWidth(safe(s)) / 1000 * size;
        }

        /** {@code s} with every character the font has no glyph for replaced by "?". */
        private String safe(String s) throws IOException {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                boolean ok = hasGlyph.computeIfAbsent(cp, c -> cmap.getGlyphId(c) != 0);
                if (ok) {
                    b.appendCodePoint(cp);
                } else {
                    b.append('?');
                }
                i += Character.charCount(cp);
            }
            return b.toString();
        }

        /** {@code s} cut with "…" to fit {@code w} points. */
        private String fit(String s, float size, float w) throws IOException {
            String t = safe(s);
            if (width(t, size) <= w) {
                return t;
            }
            while (t.length() > 1 && width(t + "…", size) > w) {
                t = t.substring(0, t.length() - 1);
            }
            return t + "…";
        }

        /** {@code s} broken into lines of at most {@code w} points (CJK text breaks anywhere). */
        private List<String> wrap(String s, float size, float w) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            String t = safe(s);
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                String next = line.toString() + new String(Character.toChars(cp));
                if (width(next, size) > w && line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
            return lines;
        }
    }
}
