package dev.lossreport.job.config;

import java.time.LocalDate;
import java.util.List;

/**
 * What makes a run part of a schedule: its run date (substituted for {@code ${run_date}} in paths and
 * the partition its report is written to), the history table every run appends to, and the gate's
 * checks, whose failure makes the exit code 3. All optional; {@link #NONE} is a plain run.
 */
public record RunSettings(String runDate, String historyPath, List<Check> gate) {
    public static final RunSettings NONE = new RunSettings(null, null, List.of());

    /** The run date, or null; {@code runDate} is its ISO text, checked when the config is read. */
    public LocalDate date() {
        return runDate == null ? null : LocalDate.parse(runDate);
    }

    /**
     * One check of the gate: a loss of one prediction on some slices, with value bounds ({@code min},
     * {@code max}, inclusive) and/or change bounds against a baseline ({@code maxWorsening} in the
     * loss's units, {@code maxRelativeWorsening} as a fraction), the direction taken from the loss.
     * {@code prediction} null means the loss's default prediction.
     */
    public record Check(String where, String loss, String prediction, Slices slices, Double min, Double max,
                        Baseline baseline, Double maxWorsening, Double maxRelativeWorsening) {
        public boolean hasChangeBound() {
            return maxWorsening != null || maxRelativeWorsening != null;
        }
    }

    /**
     * The slices a check covers: every slice ({@code all}), every slice of the named slicings
     * ({@code season}, {@code season,playoff}), or single slices by key ({@code overall},
     * {@code season=2019}, {@code season=2019,playoff=1}).
     */
    public record Slices(boolean all, List<String> slicings, List<String> keys) {
        public static final Slices OVERALL = new Slices(false, List.of(), List.of("overall"));
    }

    /** What a change is measured against: another prediction scored in this run, or the previous run in the history. */
    public record Baseline(String kind, String prediction) {
        public static final Baseline PREVIOUS_RUN = new Baseline("previous_run", null);

        public static Baseline ofPrediction(String prediction) {
            return new Baseline("prediction", prediction);
        }

        public boolean previousRun() {
            return prediction == null;
        }
    }
}
