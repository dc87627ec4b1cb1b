package org.gridwatch.patrol;

/**
 * A stage of position ingest before the commit: it passes a report on, possibly after filling in
 * the {@link Candidate}, or rejects it with a {@link RejectReason}. A bad report never affects the
 * good ones of its batch. The stages run in the order {@link PositionPipeline} was given, on the
 * state thread, for every report of a group commit; they must not block.
 */
public interface IngestStage {
    /** A short stable name for logs and metrics, e.g. {@code "jump filter"}. */
    String name();

    /**
     * @param c     the report travelling through the stages
     * @param group the group commit it belongs to (its time, the roster, the fixes accepted before it)
     * @return null to pass it on, or why it is dropped
     */
    RejectReason check(Candidate c, IngestGroup group);

    /** One report travelling through the stages; the stages fill in what they learn. Not thread-safe. */
    final class Candidate {
        final int index;
        final PositionReport report;
        /** The report in WGS84, once converted. */
        Position position;
        /** The unit, once found in the roster. */
        UnitRecord unit;

        Candidate(int index, PositionReport report) {
            this.index = index;
            this.report = report;
        }

        /** The report as received. */
        public PositionReport report() {
            return report;
        }

        /** The WGS84 position, or null before the conversion stage. */
        public Position position() {
            return position;
        }

        /** The unit's current record, or null before the roster stage. */
        public UnitRecord unit() {
            return unit;
        }
    }
}
