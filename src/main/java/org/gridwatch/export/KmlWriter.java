package org.gridwatch.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * KML 2.2 (OGC 07-147r2): a {@code Document} named after the layer with a typed {@code Schema} of its
 * properties, one {@code Placemark} per feature with its id, a {@code name} (the schema's name
 * property, else the id), a {@code TimeStamp} or {@code TimeSpan} for a feature with time, its
 * properties as {@code ExtendedData/SchemaData/SimpleData} (GDAL's KML and LIBKML drivers read them
 * as fields; a null is left out) and its geometry: {@code Point}, {@code LineString}, {@code Polygon}
 * with {@code outerBoundaryIs} and {@code innerBoundaryIs} rings, {@code MultiGeometry} for the
 * multi-part ones. Text is escaped (carriage returns as {@code &#13;}, so that they survive parsing;
 * characters XML cannot hold as U+FFFD); instants in the city's local time with the offset.
 */
final class KmlWriter implements FeatureWriter {
    static final String NS = "http://www.opengis.net/kml/2.2";

    private final OutputStream out;
    private final ExportOptions options;
    private XMLStreamWriter xml;
    private ExportSchema schema;
    private long count;

    KmlWriter(OutputStream out, ExportOptions options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.KML;
    }

    @Override
    public void begin(ExportSchema schema) throws IOException {
        if (!schema.spatial()) {
            throw new IllegalArgumentException("kml needs geometry; " + schema.id() + " has none");
        }
        this.schema = schema;
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(NS);
            xml.writeStartElement(NS, "kml");
            xml.writeDefaultNamespace(NS);
            xml.writeStartElement(NS, "Document");
            xml.writeAttribute("id", schema.id());
            text("name", schema.title());
            if (!schema.description().isEmpty()) {
                text("description", schema.description());
            }
            xml.writeStartElement(NS, "Schema");
            xml.writeAttribute("name", schema.id());
            xml.writeAttribute("id", schema.id());
            for (Property p : schema.properties()) {
                xml.writeStartElement(NS, "SimpleField");
                xml.writeAttribute("name", p.name());
                xml.writeAttribute("type", switch (p.type()) {
                    case INTEGER -> "int";
                    case NUMBER -> "double";
                    case BOOLEAN -> "bool";
                    default -> "string";
                });
                text("displayName", p.title());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeStartElement(NS, "Folder");
            text("name", schema.title());
        } catch (XMLStreamException e) {
            throw new IOException("KML: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Feature f) throws IOException {
        try {
            xml.writeCharacters("\n");
            xml.writeStartElement(NS, "Placemark");
            xml.writeAttribute("id", schema.id() + "." + f.id());
            Object name = schema.nameProperty() == null ? null : f.get(schema.nameProperty());
            text("name", name == null ? f.id() : Values.text(name, options.zone()));
            time(f);
            xml.writeStartElement(NS, "ExtendedData");
            xml.writeStartElement(NS, "SchemaData");
            xml.writeAttribute("schemaUrl", "#" + schema.id());
            for (Property p : schema.properties()) {
                String v = Values.text(f.get(p.name()), options.zone());
                if (v != null) {
                    xml.writeStartElement(NS, "SimpleData");
                    xml.writeAttribute("name", p.name());
                    characters(v);
                    xml.writeEndElement();
                }
            }
            xml.writeEndElement();
            xml.writeEndElement();
            geometry(f.geometry());
            xml.writeEndElement();
            count++;
        } catch (XMLStreamException e) {
            throw new IOException("KML: " + e.getMessage(), e);
        }
    }

    private void time(Feature f) throws XMLStreamException {
        if (f.start() == null && f.end() == null) {
            return;
        }
        if (f.start() != null && f.start().equals(f.end())) {
            xml.writeStartElement(NS, "TimeStamp");
            text("when", when(f.start()));
        } else {
            xml.writeStartElement(NS, "TimeSpan");
            if (f.start() != null) {
                text("begin", when(f.start()));
            }
            if (f.end() != null) {
                text("end", when(f.end()));
            }
        }
        xml.writeEndElement();
    }

    private String when(Instant i) {
        return Values.text(i, options.zone());
    }

    private void geometry(Geometry g) throws XMLStreamException {
        if (g instanceof Point p) {
            xml.writeStartElement(NS, "Point");
            text("coordinates", coordinates(p.getCoordinates()));
            xml.writeEndElement();
        } else if (g instanceof LineString l) {
            xml.writeStartElement(NS, "LineString");
            text("coordinates", coordinates(l.getCoordinates()));
            xml.writeEndElement();
        } else if (g instanceof Polygon p) {
            xml.writeStartElement(NS, "Polygon");
            ring("outerBoundaryIs", p.getExteriorRing());
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                ring("innerBoundaryIs", p.getInteriorRingN(i));
            }
            xml.writeEndElement();
        } else if (g instanceof GeometryCollection c) {
            xml.writeStartElement(NS, "MultiGeometry");
            for (int i = 0; i < c.getNumGeometries(); i++) {
                geometry(c.getGeometryN(i));
            }
            xml.writeEndElement();
        }
    }

    private void ring(String boundary, LineString ring) throws XMLStreamException {
        xml.writeStartElement(NS, boundary);
        xml.writeStartElement(NS, "LinearRing");
        text("coordinates", coordinates(ring.getCoordinates()));
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** KML coordinates: "lon,lat" tuples separated by spaces, 1e-7°. */
    private static String coordinates(Coordinate[] cs) {
        StringBuilder b = new StringBuilder(cs.length * 24);
        for (Coordinate c : cs) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(Values.text(org.gridwatch.geo.GeoJson.round(c.x), null)).append(',')
                    .append(Values.text(org.gridwatch.geo.GeoJson.round(c.y), null));
        }
        return b.toString();
    }

    private void text(String element, String value) throws XMLStreamException {
        xml.writeStartElement(NS, element);
        characters(value);
        xml.writeEndElement();
    }

    /**
     * Text content, escaped; a carriage return as the reference {@code &#13;}, since an XML parser
     * turns a literal CR LF into LF (CDATA too).
     */
    private void characters(String value) throws XMLStreamException {
        String t = xmlText(value);
        int from = 0;
        for (int cr = t.indexOf('\r'); cr >= 0; cr = t.indexOf('\r', from)) {
            xml.writeCharacters(t.substring(from, cr));
            xml.writeEntityRef("#13");
            from = cr + 1;
        }
        xml.writeCharacters(t.substring(from));
    }

    /** {@code s} with the characters XML 1.0 cannot hold (controls but tab, CR, LF; U+FFFE, U+FFFF) as U+FFFD. */
    static String xmlText(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
            if (bad && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(bad ? '\uFFFD' : c);
            }
        }
        return b == null ? s : b.toString();
    }

    @Override
    public long finish() throws IOException {
        try {
            xml.writeEndElement();   // Folder
            xml.writeEndElement();   // Document
            xml.writeEndElement();   // kml
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("KML: " + e.getMessage(), e);
        }
        out.flush();
        return count;
    }

    @Override
    public void close() {
        if (xml != null) {
            try {
                xml.close();   // does not close the underlying stream
            } catch (XMLStreamException e) {
                // nothing left to release
            }
            xml = null;
        }
    }
}
