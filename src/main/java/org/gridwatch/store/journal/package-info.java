/**
 * The position journal: durable position ingest at the speed of the local disk. A position batch
 * is acknowledged once it is in an append-only, checksummed log on local disk and forced to it
 * ({@link org.gridwatch.store.journal.PositionJournal}, one {@code fdatasync} per group commit, as
 * Tile38's append-only file or Redis's {@code appendfsync always}); the store is written behind
 * from memory, in large transactions that also record how far the journal is stored
 * ({@link org.gridwatch.store.JournalCheckpoints}), and reads of tracks see both
 * ({@link org.gridwatch.store.journal.JournaledTracks}). At start-up the entries after the store's
 * checkpoint are replayed into it before anything else reads it. How far the store may fall behind
 * is bounded (positions in memory); beyond it ingest is refused (503) until the store catches up.
 *
 * <p>Threads: the journal is appended on the store lane (the commit lane of
 * {@link org.gridwatch.pipeline.CommitQueue}); the store is written behind on a lane of its own
 * ({@code gridwatch-journal}); reads merge from any thread.
 */
package org.gridwatch.store.journal;
