package org.gridwatch.patrol;

import org.gridwatch.geo.LonLat;

/** Ingest stage {@code crs}: converts the report's coordinates (GCJ-02, BD-09 or WGS84) to WGS84; never rejects. */
public final class CrsStage implements IngestStage {
    @Override
    public String name() {
        return "crs";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        PositionReport r = c.report();
        LonLat w = r.crs().toWgs84(r.lon(), r.lat());
        c.position = new Position(r.unit(), w.lon(), w.lat(), r.time(), r.speed(), r.heading(), r.accuracy(), r.telemetry());
        return null;
    }
}
