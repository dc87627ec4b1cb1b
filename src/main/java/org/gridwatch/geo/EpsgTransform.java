package org.gridwatch.geo;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.UnknownAuthorityCodeException;

/**
 * Converts geometries from an EPSG coordinate reference system to WGS84 lon/lat (SRID 4326,
 * x = longitude), for importing GIS data, or the other way ({@link #toEpsg}) for answering in a
 * client's CRS: projected CRSs such as CGCS2000 Gauss–Krüger zones
 * (EPSG:4491–4554, e.g. 4527 = 3° zone 39 with the zone number in the false easting, 4549 = 3°
 * CM 120°E without it) through proj4j and its EPSG database, and geographic CRSs.
 *
 * <p>Axis order is always x = easting / longitude, y = northing / latitude, as GeoJSON,
 * GeoPackage and Shapefile store coordinates, whatever the EPSG registry says. WGS84 (4326) and
 * CGCS2000 geographic (4490) pass through unchanged: GridWatch treats CGCS2000 as WGS84, which
 * it matches to well under a metre.
 *
 * <p>Not thread-safe (proj4j transforms keep state): use one instance per thread.
 */
public final class EpsgTransform {
    private static final CRSFactory CRS = new CRSFactory();
    private static final Pattern CODE = Pattern.compile("(?:EPSG:{1,2}(?:[0-9.]*:)?|urn:ogc:def:crs:EPSG::?)(\\d+)");

    private final int epsg;
    private final CoordinateTransform transform;
    /** The SRID of the results: WGS84 ({@link #fromEpsg}) or the code ({@link #toEpsg}). */
    private final int targetSrid;

    private EpsgTransform(int epsg, CoordinateTransform transform, int targetSrid) {
        this.epsg = epsg;
        this.transform = transform;
        this.targetSrid = targetSrid;
    }

    /**
     * The transform from WGS84 to EPSG:{@code code} (x = easting / longitude, as {@link #fromEpsg}).
     *
     * @throws IllegalArgumentException if the code is unknown to the EPSG database shipped with proj4j
     */
    public static EpsgTransform toEpsg(int code) {
        if (code == Geo.SRID || code == 4490 || code == 4326) {
            return new EpsgTransform(code, null, code);
        }
        try {
            CoordinateReferenceSystem source = CRS.createFromName("EPSG:4326");
            CoordinateReferenceSystem target = CRS.createFromName("EPSG:" + code);
            return new EpsgTransform(code, new CoordinateTransformFactory().createTransform(source, target), code);
        } catch (UnknownAuthorityCodeException | IllegalStateException e) {
            throw new IllegalArgumentException("unknown CRS EPSG:" + code + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert to EPSG:" + code + ": " + e.getMessage(), e);
        }
    }

    /**
     * The transform from EPSG:{@code code} to WGS84.
     *
     * @throws IllegalArgumentException if the code is unknown to the EPSG database shipped with proj4j
     */
    public static EpsgTransform fromEpsg(int code) {
        if (code == Geo.SRID || code == 4490 || code == 4326) {
            return new EpsgTransform(code, null, Geo.SRID);
        }
        try {
            CoordinateReferenceSystem source = CRS.createFromName("EPSG:" + code);
            CoordinateReferenceSystem target = CRS.createFromName("EPSG:4326");
            return new EpsgTransform(code, new CoordinateTransformFactory().createTransform(source, target), Geo.SRID);
        } catch (UnknownAuthorityCodeException | IllegalStateException e) {
            throw new IllegalArgumentException("unknown CRS EPSG:" + code + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert from EPSG:" + code + ": " + e.getMessage(), e);
        }
    }

    /**
     * The EPSG code in a CRS name: {@code EPSG:4527}, {@code urn:ogc:def:crs:EPSG::4527},
     * {@code urn:ogc:def:crs:EPSG:9.8.15:4527}; {@code CRS84} and {@code urn:ogc:def:crs:OGC:1.3:CRS84} are 4326.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static int parseCode(String name) {
        String n = name.trim();
        if (n.toUpperCase(Locale.ROOT).endsWith("CRS84")) {
            return 4326;
        }
        Matcher m = CODE.matcher(n);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        throw new IllegalArgumentException("unrecognised CRS name \"" + name + "\"; expected EPSG:<code>");
    }

    /** The EPSG code of the other side: the source of {@link #fromEpsg}, the target of {@link #toEpsg}. */
    public int epsg() {
        return epsg;
    }

    /** True when coordinates pass through unchanged. */
    public boolean isIdentity() {
        return transform == null;
    }

    /**
     * {@code g} converted: a copy with every coordinate converted and the target's SRID.
     *
     * @throws IllegalArgumentException if a coordinate cannot be converted (outside the projection)
     */
    public Geometry apply(Geometry g) {
        Geometry out = g.copy();
        if (transform != null) {
            ProjCoordinate src = new ProjCoordinate();
            ProjCoordinate dst = new ProjCoordinate();
            out.apply(new CoordinateSequenceFilter() {
                @Override
                public void filter(CoordinateSequence seq, int i) {
                    src.x = seq.getX(i);
                    src.y = seq.getY(i);
                    transform.transform(src, dst);
                    if (!Double.isFinite(dst.x) || !Double.isFinite(dst.y)) {
                        throw new IllegalArgumentException("coordinate (" + src.x + ", " + src.y + ") has no position in "
                                + (targetSrid == Geo.SRID ? "WGS84" : "EPSG:" + epsg));
                    }
                    seq.setOrdinate(i, Coordinate.X, dst.x);
                    seq.setOrdinate(i, Coordinate.Y, dst.y);
                }

                @Override
                public boolean isDone() {
                    return false;
                }

                @Override
                public boolean isGeometryChanged() {
                    return true;
                }
            });
        }
        out.setSRID(targetSrid);
        return out;
    }
}
