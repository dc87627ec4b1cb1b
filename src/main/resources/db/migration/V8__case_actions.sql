-- Issue 13: what each step of a case did (dispatch, support, reassign, recall, arrive, merge,
-- supervise = 督办, transfer = 流转, or a plain status change), what it names besides the unit
-- (the incident merged into, the unit taken off, the handling level moved to) and a 督办's deadline.
-- The steps stored before were status changes; those naming a unit sent it (dispatched) or saw it
-- arrive (on_scene). The same expression as GeoPackage schema 12.
ALTER TABLE incident_transitions ADD COLUMN action text;
UPDATE incident_transitions SET action = CASE WHEN unit_id IS NOT NULL AND to_status = 'dispatched' THEN 'dispatch'
    WHEN unit_id IS NOT NULL AND to_status = 'on_scene' THEN 'arrive'
    WHEN to_status = 'merged' THEN 'merge' ELSE 'status' END;
ALTER TABLE incident_transitions ALTER COLUMN action SET NOT NULL;
ALTER TABLE incident_transitions ADD COLUMN target text;
ALTER TABLE incident_transitions ADD COLUMN due_at timestamptz;
