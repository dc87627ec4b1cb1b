-- GridWatch PostGIS schema, version 2: school posts and key places keep their coordinates in
-- lon/lat columns, like every other point table, and their geometry is generated from them (so the
-- two can never disagree, and the store reads and writes them like the other tables). ST_X/ST_Y of
-- a stored point are its doubles exactly: no coordinate changes.
ALTER TABLE school_posts ADD COLUMN lon double precision, ADD COLUMN lat double precision;
UPDATE school_posts SET lon = ST_X(geom), lat = ST_Y(geom);
ALTER TABLE school_posts ALTER COLUMN lon SET NOT NULL, ALTER COLUMN lat SET NOT NULL;
ALTER TABLE school_posts DROP COLUMN geom;
ALTER TABLE school_posts ADD COLUMN geom geometry(Point, 4326)
    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED;
CREATE INDEX school_posts_geom_idx ON school_posts USING gist (geom);

ALTER TABLE key_places ADD COLUMN lon double precision, ADD COLUMN lat double precision;
UPDATE key_places SET lon = ST_X(geom), lat = ST_Y(geom);
ALTER TABLE key_places ALTER COLUMN lon SET NOT NULL, ALTER COLUMN lat SET NOT NULL;
ALTER TABLE key_places DROP COLUMN geom;
ALTER TABLE key_places ADD COLUMN geom geometry(Point, 4326)
    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED;
CREATE INDEX key_places_geom_idx ON key_places USING gist (geom);
