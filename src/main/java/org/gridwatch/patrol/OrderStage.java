package org.gridwatch.patrol;

/**
 * Ingest stage {@code order}: per unit, fix times only move forward. A fix older than the unit's
 * latest accepted one is {@link RejectReason#OUT_OF_ORDER}, one at the same time a
 * {@link RejectReason#DUPLICATE}.
 */
public final class OrderStage implements IngestStage {
    @Override
    public String name() {
        return "order";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        Position last = group.last(c.unit());
        if (last == null) {
            return null;
        }
        int cmp = c.position().time().compareTo(last.time());
        return cmp < 0 ? RejectReason.OUT_OF_ORDER : cmp == 0 ? RejectReason.DUPLICATE : null;
    }
}
