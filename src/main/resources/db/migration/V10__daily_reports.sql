-- The daily reports (日报): one per local day (in the city's time zone) and area (the city or a
-- county), generated every morning for the day before or on demand, kept so that they outlive a
-- restart. The day is ISO text (2026-12-01), as in the GeoPackage store: one SQL text for both,
-- and ISO order is date order. body is the report's JSON document, from which HTML, PDF and XLSX
-- are rendered on demand. A report generated again for its day and area replaces the row.
CREATE TABLE daily_reports (
    report_date  text NOT NULL CHECK (report_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    area_code    text NOT NULL,
    generated_at timestamptz NOT NULL,
    generated_by text NOT NULL,
    body         text NOT NULL,
    PRIMARY KEY (report_date, area_code)
);
