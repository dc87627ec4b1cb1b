package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** KML 2.2, read back with the JDK's XML parser (namespace-aware). */
class KmlWriterTest extends FeatureWriterContract {
    private static final String NS = KmlWriter.NS;

    @Override
    ExportFormat format() {
        return ExportFormat.KML;
    }

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        Document doc = parse(file);
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(NS);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("kml");
        NodeList fields = doc.getElementsByTagNameNS(NS, "SimpleField");
        assertThat(fields.getLength()).isEqualTo(schema.properties().size());
        List<Row> rows = new ArrayList<>();
        NodeList placemarks = doc.getElementsByTagNameNS(NS, "Placemark");
        for (int i = 0; i < placemarks.getLength(); i++) {
            Element pm = (Element) placemarks.item(i);
            Map<String, String> data = new HashMap<>();
            NodeList simple = pm.getElementsByTagNameNS(NS, "SimpleData");
            for (int k = 0; k < simple.getLength(); k++) {
                Element d = (Element) simple.item(k);
                data.put(d.getAttribute("name"), d.getTextContent());
            }
            Map<String, Object> values = new HashMap<>();
            for (Property p : schema.properties()) {
                values.put(p.name(), Typed.parse(p, data.get(p.name())));
            }
            String id = pm.getAttribute("id").substring(schema.id().length() + 1);
            rows.add(new Row(id, geometryOf(pm), values));
        }
        return rows;
    }

    /** The one geometry element among the Placemark's children. */
    private static Geometry geometryOf(Element pm) {
        for (Node n = pm.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && List.of("Point", "LineString", "Polygon", "MultiGeometry").contains(e.getLocalName())) {
                return geometry(e);
            }
        }
        return null;
    }

    private static Geometry geometry(Element e) {
        return switch (e.getLocalName()) {
            case "Point" -> Geo.FACTORY.createPoint(coordinates(e)[0]);
            case "LineString" -> Geo.FACTORY.createLineString(coordinates(e));
            case "Polygon" -> {
                LinearRing shell = null;
                List<LinearRing> holes = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element b) {
                        LinearRing r = Geo.FACTORY.createLinearRing(coordinates(b));
                        if (b.getLocalName().equals("outerBoundaryIs")) {
                            shell = r;
                        } else {
                            assertThat(b.getLocalName()).isEqualTo("innerBoundaryIs");
                            holes.add(r);
                        }
                    }
                }
                yield Geo.FACTORY.createPolygon(shell, holes.toArray(new LinearRing[0]));
            }
            default -> {
                List<Polygon> parts = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element p) {
                        parts.add((Polygon) geometry(p));
                    }
                }
                yield Geo.FACTORY.createMultiPolygon(parts.toArray(new Polygon[0]));
            }
        };
    }

    private static Coordinate[] coordinates(Element e) {
        String text = e.getElementsByTagNameNS(NS, "coordinates").item(0).getTextContent().trim();
        List<Coordinate> cs = new ArrayList<>();
        for (String tuple : text.split("\\s+")) {
            String[] xy = tuple.split(",");
            cs.add(new Coordinate(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
        }
        return cs.toArray(new Coordinate[0]);
    }

    @Test
    void placemarksAreNamedByTheNamePropertyAndCarryTheirTime() throws Exception {
        Document doc = parse(write(ExportFixtures.pointSchema(), ExportFixtures.points(), options()));
        Element first = (Element) doc.getElementsByTagNameNS(NS, "Placemark").item(0);
        assertThat(first.getElementsByTagNameNS(NS, "name").item(0).getTextContent()).isEqualTo("滨州市第一中学");
        assertThat(first.getElementsByTagNameNS(NS, "when").item(0).getTextContent()).isEqualTo("2025-05-01T18:00:00+08:00");
        Document lines = parse(write(ExportFixtures.lineSchema(), ExportFixtures.lines(), options()));
        assertThat(lines.getElementsByTagNameNS(NS, "Placemark").item(0).getFirstChild().getTextContent())
                .as("no name property: the id").isEqualTo("t1");
    }

    @Test
    void controlCharactersDoNotBreakTheXml() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("name", "铃\u0007声 & <b>");
        Path file = write(ExportFixtures.pointSchema(), List.of(Feature.of("x", ExportFixtures.wkt("POINT (118 37)"), p)), options());
        Element pm = (Element) parse(file).getElementsByTagNameNS(NS, "Placemark").item(0);
        assertThat(pm.getElementsByTagNameNS(NS, "name").item(0).getTextContent()).isEqualTo("铃\uFFFD声 & <b>");
    }
}
