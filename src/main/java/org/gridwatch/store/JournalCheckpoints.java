package org.gridwatch.store;

import java.util.List;
import org.gridwatch.patrol.Position;

/**
 * A store that a position journal is written into behind its acknowledgements
 * ({@code org.gridwatch.store.journal}): it records, in the same transaction as the positions it
 * appends, the sequence number of the last journal entry they came from, so that after a crash the
 * journal's replay starts exactly after what the store holds (no entry lost, none appended twice).
 *
 * <p>Blocking, like every store method: call from the store executor or a worker. Thread-safe.
 */
public interface JournalCheckpoints {
    /**
     * The sequence number of the last entry of journal {@code journal} whose positions are stored;
     * 0 when none is.
     */
    long checkpoint(String journal);

    /**
     * {@link org.gridwatch.patrol.UnitStore#appendPositions(List)}, and, in the same transaction,
     * records {@code seq} as the {@link #checkpoint} of {@code journal}. All or nothing.
     *
     * @param seq the sequence number of the last journal entry among {@code positions}, &gt; 0
     * @throws StoreException as {@code appendPositions}; then the checkpoint is unchanged too
     */
    void appendPositions(List<Position> positions, String journal, long seq);
}
