package dev.lossreport.job;

import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.engine.InvalidRows;
import dev.lossreport.job.engine.PartitionCounts;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.LossSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that need the pass to have run (its counts are filled once the report is staged), and
 * the {@code invalid_rows} section of {@code _run.json}. A failed check is an input error (exit 4)
 * and the staged report is discarded: an empty input, a join that matched nothing, negative weights
 * (unless {@code negative_weights: skip}), and any row a loss could not count under
 * {@code on_invalid: fail}.
 */
final class PassChecks {
    private static final int SHOWN = 3;

    private PassChecks() {
    }

    /**
     * Runs the checks on the input counts ({@link PartitionCounts} slots) and the pass's refused rows;
     * returns the {@code invalid_rows} section (one entry per loss).
     */
    static List<Map<String, Object>> check(JobConfig config, PassPlan plan, FusedPass.Result result, long[] counts) {
        if (counts[PartitionCounts.ROWS] == 0) {
            throw JobException.input("input " + config.input().path() + " has no rows"
                    + (config.joined() ? " (neither table has a row)" : ""));
        }
        if (config.joined() && counts[PartitionCounts.MATCHED] == 0) {
            throw JobException.input("no row of input " + config.input().path() + " matched a row of labels "
                    + config.labels().path() + " on " + config.joinKey() + " (" + counts[PartitionCounts.PREDICTION_ONLY]
                    + " prediction rows without labels, " + counts[PartitionCounts.LABELS_ONLY]
                    + " label rows without predictions); check the key columns' values and types");
        }
        InvalidRows invalid = result.invalidRows();
        LossSet losses = plan.losses();
        List<Map<String, Object>> section = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long refusedTotal = 0;
        for (int i = 0; i < losses.size(); i++) {
            PassPlan.Binding b = plan.bindings().get(losses.inputOf(i));
            Map<InvalidRows.Reason, Long> reasons = invalid.byReason(i);
            long refused = reasons.values().stream().mapToLong(Long::longValue).sum();
            refusedTotal += refused;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loss", losses.loss(i).spec());
            m.put("prediction", b.prediction());
            m.put("label", b.label());
            m.put("weight", b.weight());
            m.put("rows", refused);
            Map<String, Long> byReason = new LinkedHashMap<>();
            reasons.forEach((r, n) -> byReason.put(r.key(), n));
            m.put("by_reason", byReason);
            m.put("samples", invalid.samples(i, null, SHOWN));
            section.add(m);

            Long negative = reasons.get(InvalidRows.Reason.NEGATIVE_WEIGHT);
            if (negative != null && !config.policies().negativeWeightsAllowed()) {
                throw JobException.input("weight '" + b.weight() + "' is negative in " + negative + " row"
                        + (negative == 1 ? "" : "s") + " (loss '" + losses.loss(i).spec() + "'), e.g. "
                        + String.join(", ", invalid.samples(i, InvalidRows.Reason.NEGATIVE_WEIGHT, SHOWN))
                        + "; negative weights are an error: fix the weights, or set negative_weights: skip "
                        + "to count those rows as invalid");
            }
            if (refused > 0) {
                List<String> parts = new ArrayList<>();
                byReason.forEach((r, n) -> parts.add(r + " " + n));
                failures.add("loss '" + losses.loss(i).spec() + "' (prediction '" + b.prediction() + "'"
                        + (b.label() == null ? "" : ", label '" + b.label() + "'")
                        + (b.weight() == null ? "" : ", weight '" + b.weight() + "'") + ") refused " + refused
                        + " row" + (refused == 1 ? "" : "s") + " (" + String.join(", ", parts) + "), e.g. "
                        + String.join(", ", invalid.samples(i, null, SHOWN)));
            }
        }
        if (config.policies().failOnInvalid() && refusedTotal > 0) {
            throw JobException.input("on_invalid: fail, and rows cannot count: " + String.join("; ", failures));
        }
        return section;
    }
}
