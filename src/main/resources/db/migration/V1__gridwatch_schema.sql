-- GridWatch PostGIS schema, version 1. Applied by Flyway into the configured schema (store.schema),
-- with that schema first on the search_path and PostGIS (created beforehand by a superuser) after it.
-- All geometries are WGS84 lon/lat, SRID 4326, x = longitude. Instants are timestamptz (microseconds).
-- Unknown speed, heading and accuracy are NULL (NaN in Java). Point geometries are generated from
-- their lon/lat columns, so the two can never disagree.

-- Admin areas: city, county, township/street, village/community.
CREATE TABLE admin_areas (
    code         text PRIMARY KEY,
    level        text NOT NULL CHECK (level IN ('city', 'county', 'township', 'village')),
    name         text NOT NULL,
    parent_code  text,
    population   bigint NOT NULL,
    households   bigint NOT NULL,
    area_sqm     double precision NOT NULL,
    demo         boolean NOT NULL,
    geom         geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX admin_areas_geom_idx ON admin_areas USING gist (geom);
CREATE INDEX admin_areas_parent_idx ON admin_areas (parent_code);

-- Grids (网格), the smallest governance unit.
CREATE TABLE grids (
    code         text PRIMARY KEY CHECK (length(code) = 15),
    name         text NOT NULL,
    parent_code  text NOT NULL,
    population   bigint NOT NULL,
    households   bigint NOT NULL,
    area_sqm     double precision NOT NULL,
    grid_worker  text,
    demo         boolean NOT NULL,
    geom         geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX grids_geom_idx ON grids USING gist (geom);
CREATE INDEX grids_parent_idx ON grids (parent_code);

-- Incidents (事件) and their status history.
CREATE TABLE incidents (
    id            bigint PRIMARY KEY,
    source        text NOT NULL,
    external_id   text,
    category      text NOT NULL,
    severity      integer NOT NULL,
    lon           double precision NOT NULL,
    lat           double precision NOT NULL,
    original_crs  text NOT NULL,
    original_lon  double precision NOT NULL,
    original_lat  double precision NOT NULL,
    grid_code     text NOT NULL,
    title         text NOT NULL,
    description   text,
    reported_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    status        text NOT NULL,
    rating        integer,
    geom          geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_reported_at_idx ON incidents (reported_at);
CREATE INDEX incidents_grid_code_idx ON incidents (grid_code);

CREATE TABLE incident_transitions (
    incident_id  bigint NOT NULL REFERENCES incidents (id),
    seq          integer NOT NULL,
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL,
    at           timestamptz NOT NULL,
    note         text,
    unit_id      text,
    PRIMARY KEY (incident_id, seq)
);
CREATE INDEX incident_transitions_at_idx ON incident_transitions (at);

-- The unit roster with each unit's status and last position (geom NULL before the first report).
CREATE TABLE units (
    id                  text PRIMARY KEY,
    call_sign           text NOT NULL,
    kind                text NOT NULL,
    agency              text NOT NULL,
    home_county_code    text NOT NULL,
    home_township_code  text NOT NULL,
    demo                boolean NOT NULL,
    status              text NOT NULL,
    last_lon            double precision,
    last_lat            double precision,
    last_time           timestamptz,
    last_speed          double precision,
    last_heading        double precision,
    last_accuracy       double precision,
    geom                geometry(Point, 4326)
                        GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(last_lon, last_lat), 4326)) STORED
);
CREATE INDEX units_geom_idx ON units USING gist (geom);

-- Position tracks, partitioned by UTC day (tracks_pYYYYMMDD, created on demand by the store).
-- seq orders equal times in append order.
CREATE SEQUENCE tracks_seq;
CREATE TABLE tracks (
    unit_id   text NOT NULL,
    time      timestamptz NOT NULL,
    seq       bigint NOT NULL DEFAULT nextval('tracks_seq'),
    lon       double precision NOT NULL,
    lat       double precision NOT NULL,
    speed     double precision,
    heading   double precision,
    accuracy  double precision,
    geom      geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
) PARTITION BY RANGE (time);
CREATE INDEX tracks_unit_time_idx ON tracks (unit_id, time, seq);
CREATE INDEX tracks_time_idx ON tracks (time);
CREATE INDEX tracks_geom_idx ON tracks USING gist (geom);

-- School-guard posts (护学岗) and key places (重点部位).
CREATE TABLE school_posts (
    id              text PRIMARY KEY,
    name            text NOT NULL,
    kind            text NOT NULL,
    radius_m        double precision NOT NULL,
    duty_windows    text NOT NULL,          -- "07:10-07:50,11:20-11:50"
    required_staff  integer NOT NULL,
    grid_code       text NOT NULL,
    county_code     text NOT NULL,
    demo            boolean NOT NULL,
    geom            geometry(Point, 4326) NOT NULL
);
CREATE INDEX school_posts_geom_idx ON school_posts USING gist (geom);

CREATE TABLE key_places (
    id                  text PRIMARY KEY,
    name                text NOT NULL,
    kind                text NOT NULL,
    key_periods         text NOT NULL,      -- "19:00-23:00"
    patrol_interval_min integer NOT NULL,
    grid_code           text NOT NULL,
    county_code         text NOT NULL,
    demo                boolean NOT NULL,
    geom                geometry(Point, 4326) NOT NULL
);
CREATE INDEX key_places_geom_idx ON key_places USING gist (geom);

-- Alerts (告警); geom NULL for alerts without a place.
CREATE TABLE alerts (
    id          bigint PRIMARY KEY,
    kind        text NOT NULL,
    severity    text NOT NULL,
    title       text NOT NULL,
    detail      text,
    area_code   text,
    lon         double precision,
    lat         double precision,
    raised_at   timestamptz NOT NULL,
    acked_at    timestamptz,
    acked_by    text,
    geom        geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
);
CREATE INDEX alerts_raised_at_idx ON alerts (raised_at);
CREATE INDEX alerts_geom_idx ON alerts USING gist (geom);
