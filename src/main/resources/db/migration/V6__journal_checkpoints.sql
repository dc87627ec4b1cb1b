-- How far each position journal (store.journal.dir) is written into the tracks: the sequence
-- number of its last entry stored, updated in the same transaction as the track rows, so that a
-- journal's replay after a crash starts exactly after what is stored.
CREATE TABLE journal_checkpoints (
    journal text PRIMARY KEY,
    seq     bigint NOT NULL
);
