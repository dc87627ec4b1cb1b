-- The coordinate system each unit terminal reports in (wgs84, gcj02 or bd09: some Chinese
-- terminals send GCJ-02). The terminals registered before report WGS84, as the server took them to.
ALTER TABLE devices ADD COLUMN crs text NOT NULL DEFAULT 'wgs84';
