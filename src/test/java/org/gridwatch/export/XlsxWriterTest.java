package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/** XLSX, read back with POI's XSSF reader: a bold Chinese header, typed cells. */
class XlsxWriterTest extends FeatureWriterContract {
    @Override
    ExportFormat format() {
        return ExportFormat.XLSX;
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(1);
            XSSFSheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo(schema.title());
            XSSFRow header = sheet.getRow(0);
            int first = schema.writesId() ? 1 : 0;
            if (schema.writesId()) {
                assertThat(header.getCell(0).getStringCellValue()).isEqualTo("标识");
            }
            assertThat(wb.getFontAt(header.getCell(first).getCellStyle().getFontIndex()).getBold()).as("bold header").isTrue();
            List<Property> props = schema.properties();
            for (int i = 0; i < props.size(); i++) {
                assertThat(header.getCell(i + first).getStringCellValue()).isEqualTo(props.get(i).title());
            }
            boolean points = schema.spatial() && schema.geometryKind().isPoint();
            List<Row> rows = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                XSSFRow row = sheet.getRow(r);
                Map<String, Object> values = new HashMap<>();
                for (int i = 0; i < props.size(); i++) {
                    values.put(props.get(i).name(), value(props.get(i), row.getCell(i + first)));
                }
                Geometry g = null;
                int gc = props.size() + first;
                if (points) {
                    assertThat(header.getCell(gc).getStringCellValue()).isEqualTo("经度");
                    g = Geo.point(row.getCell(gc).getNumericCellValue(), row.getCell(gc + 1).getNumericCellValue());
                } else if (schema.spatial()) {
                    g = ExportFixtures.wkt(row.getCell(gc).getStringCellValue());
                }
                rows.add(new Row(row.getCell(0).getStringCellValue(), g, values));   // the id, or the id property
            }
            return rows;
        }
    }

    private static Object value(Property p, Cell c) {
        if (c == null || c.getCellType() == CellType.BLANK) {
            return null;
        }
        return switch (p.type()) {
            case STRING -> c.getStringCellValue();
            case INTEGER -> {
                assertThat(c.getCellType()).as(p.name() + " a number cell").isEqualTo(CellType.NUMERIC);
                yield (long) c.getNumericCellValue();
            }
            case NUMBER -> {
                assertThat(c.getCellType()).as(p.name() + " a number cell").isEqualTo(CellType.NUMERIC);
                yield c.getNumericCellValue();
            }
            case BOOLEAN -> {
                assertThat(c.getCellType()).isEqualTo(CellType.BOOLEAN);
                yield c.getBooleanCellValue();
            }
            case TIMESTAMP -> {
                assertThat(DateUtil.isCellDateFormatted(c)).as(p.name() + " a date cell").isTrue();
                assertThat(c.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
                yield c.getLocalDateTimeCellValue().atZone(ExportFixtures.ZONE).toInstant();
            }
            case DATE -> {
                assertThat(DateUtil.isCellDateFormatted(c)).as(p.name() + " a date cell").isTrue();
                yield c.getLocalDateTimeCellValue().toLocalDate();
            }
        };
    }

    /** SXSSF's temporary sheets ({@code poi-sxssf-sheet*}) in POI's temporary directory. */
    private static Set<String> poiTempFiles() throws Exception {
        Path poi = Path.of(System.getProperty("java.io.tmpdir"), "poifiles");
        if (!Files.isDirectory(poi)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(poi)) {
            return s.map(Path::getFileName).map(Path::toString).filter(n -> n.startsWith("poi-sxssf-sheet"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void theSpilledRowsAreDeletedOnClose() throws Exception {
        Set<String> before = poiTempFiles();
        try (FeatureWriter w = format().open(OutputStream.nullOutputStream(), options())) {
            w.begin(ExportFixtures.pointSchema());
            for (var f : ExportFixtures.many(XlsxWriter.WINDOW * 3)) {
                w.write(f);
            }
            assertThat(poiTempFiles()).as("rows beyond the window spill to a temporary file").hasSizeGreaterThan(before.size());
            w.finish();
        }
        assertThat(poiTempFiles()).isSubsetOf(before);
        assertThat(new File(System.getProperty("java.io.tmpdir"))).isDirectory();
    }
}
