package org.gridwatch.imports;

import java.util.List;

/**
 * What an import did with each feature, and whether it was written.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries one per feature read, in file order
 * @param written true when the areas went into the store (no feature was rejected and the
 *                hierarchy was complete); false means the store is unchanged
 * @param problem why nothing was written, beyond the rejected features; null when written or
 *                when the rejected features are the reason
 */
public record ImportReport(List<Entry> entries, boolean written, String problem) {
    public ImportReport {
        entries = List.copyOf(entries);
    }

    /** What happened to one feature. */
    public enum Outcome {
        /** Valid as it was. */
        IMPORTED,
        /** Invalid geometry, repaired (the detail says what was wrong). */
        REPAIRED,
        /** Not importable (the detail says why); with any rejection nothing is written. */
        REJECTED
    }

    /**
     * @param layer   file (and GeoPackage table) of the feature
     * @param index   position in the layer, from 0
     * @param code    the area code read, or null when it had none
     * @param outcome what happened
     * @param detail  why (validation error, missing attribute, ...); null for a clean import
     */
    public record Entry(String layer, int index, String code, Outcome outcome, String detail) {
    }

    /**
     * The report of an import that must not write: some entry rejected, or nothing to import
     * ({@code importable} is 0); empty when the import may go on to write.
     */
    static java.util.Optional<ImportReport> refusal(List<Entry> entries, int importable) {
        if (entries.stream().anyMatch(e -> e.outcome() == Outcome.REJECTED)) {
            return java.util.Optional.of(new ImportReport(entries, false, null));
        }
        if (importable == 0) {
            return java.util.Optional.of(new ImportReport(entries, false, "no features"));
        }
        return java.util.Optional.empty();
    }

    /** Number of entries with {@code outcome}. */
    public long count(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    /** The report as tab-separated lines with a header, then a summary line. */
    public String toText() {
        StringBuilder sb = new StringBuilder("layer\tindex\tcode\toutcome\tdetail\n");
        for (Entry e : entries) {
            sb.append(e.layer()).append('\t').append(e.index()).append('\t').append(e.code() == null ? "" : e.code())
                    .append('\t').append(e.outcome().name().toLowerCase(java.util.Locale.ROOT)).append('\t')
                    .append(e.detail() == null ? "" : e.detail().replace('\t', ' ').replace('\n', ' ')).append('\n');
        }
        sb.append(count(Outcome.IMPORTED)).append(" imported, ").append(count(Outcome.REPAIRED)).append(" repaired, ")
                .append(count(Outcome.REJECTED)).append(" rejected: ")
                .append(written ? "written to the store in one transaction"
                        : "nothing written" + (problem == null ? "" : " (" + problem + ")"))
                .append('\n');
        return sb.toString();
    }
}
