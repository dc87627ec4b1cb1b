-- GridWatch PostGIS schema, version 2: school posts and key places keep their coordinates in
-- lon/lat columns, like every other point table, and their geometry is generated from them (so the
-- two can never disagree, and the store reads and writes them like the other tables). ST_X/ST_Y of
-- a stored point are its doubles exactly: no coordinate changes.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['school_posts', 'key_places'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN lon double precision, ADD COLUMN lat double precision', t);
        EXECUTE format('UPDATE %I SET lon = ST_X(geom), lat = ST_Y(geom)', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN lon SET NOT NULL, ALTER COLUMN lat SET NOT NULL', t);
        EXECUTE format('ALTER TABLE %I DROP COLUMN geom', t);
        EXECUTE format('ALTER TABLE %I ADD COLUMN geom geometry(Point, 4326) '
                       || 'GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED', t);
        EXECUTE format('CREATE INDEX %I ON %I USING gist (geom)', t || '_geom_idx', t);
    END LOOP;
END
$$;
