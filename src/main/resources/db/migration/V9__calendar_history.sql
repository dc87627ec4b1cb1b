-- The school calendar (校历) imported with `gridwatch import --type calendar`: one row per entry in
-- file order (seq): the calendar itself first (entry 'calendar': name, first_day..last_day the
-- range it covers, detail its note), then its holidays, make-up working days (first_day =
-- last_day) and breaks (detail the break kind, schools the school kinds, comma-separated).
CREATE TABLE school_calendar (
    seq       integer PRIMARY KEY,
    entry     text NOT NULL CHECK (entry IN ('calendar', 'holiday', 'workday', 'break')),
    name      text NOT NULL,
    first_day date NOT NULL,
    last_day  date NOT NULL,
    detail    text NOT NULL,
    schools   text NOT NULL,
    CHECK (last_day >= first_day)
);

-- The daily duty history: per local day (the city's time zone) and area (city, county, township)
-- the 护学岗 duty windows decided and their outcomes (到岗率 = on time / decided), the key places'
-- patrol slots and those seen (见警率), and the grids and those visited (覆盖率).
CREATE TABLE daily_history (
    day                  date NOT NULL,
    area_code            text NOT NULL,
    level                text NOT NULL,
    windows_decided      integer NOT NULL,
    windows_on_time      integer NOT NULL,
    windows_late         integer NOT NULL,
    windows_understaffed integer NOT NULL,
    windows_missed       integer NOT NULL,
    slots                integer NOT NULL,
    slots_seen           integer NOT NULL,
    grids                integer NOT NULL,
    grids_visited        integer NOT NULL,
    complete             boolean NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (day, area_code)
);
CREATE INDEX daily_history_area_day_idx ON daily_history (area_code, day);
