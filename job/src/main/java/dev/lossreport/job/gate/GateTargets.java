package dev.lossreport.job.gate;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.config.RunSettings;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Losses;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The gate's checks resolved against the job before anything runs: which loss (canonical spec) of
 * which prediction each check reads, and the loss's direction. A check against a baseline prediction
 * needs that prediction scored with the same loss, label and weight in the same run;
 * {@link #withBaselineLosses} adds those losses when the config does not list them.
 */
public final class GateTargets {
    private GateTargets() {
    }

    /** A resolved check: the report rows it reads are those of {@code spec} and {@code prediction}. */
    public record Target(RunSettings.Check check, String spec, String prediction, String label, Direction direction,
                         JobConfig.LossEntry entry) {
        /** What the check says, e.g. {@code gate[0]: bce(eps=1e-15) of elo_prob1 <= 0.62}. */
        public String describe() {
            StringBuilder b = new StringBuilder(check.where()).append(": ").append(spec).append(" of ").append(prediction);
            if (check.min() != null) {
                b.append(" >= ").append(check.min());
            }
            if (check.max() != null) {
                b.append(check.min() != null ? " and" : "").append(" <= ").append(check.max());
            }
            if (check.hasChangeBound()) {
                b.append(check.min() != null || check.max() != null ? ";" : "").append(" worse than ")
                        .append(baselineText()).append(" by at most");
                if (check.maxWorsening() != null) {
                    b.append(" ").append(check.maxWorsening());
                }
                if (check.maxRelativeWorsening() != null) {
                    b.append(check.maxWorsening() != null ? " and" : "").append(" ")
                            .append(check.maxRelativeWorsening()).append(" relative");
                }
                b.append(" (").append(direction.text()).append(")");
            }
            return b.toString();
        }

        public String baselineText() {
            RunSettings.Baseline base = check.baseline();
            return base == null ? null : base.previousRun() ? "the previous run" : "prediction " + base.prediction();
        }
    }

    public static List<Target> resolve(JobConfig config) {
        List<Target> out = new ArrayList<>();
        for (RunSettings.Check c : config.run().gate()) {
            out.add(resolve(config, c));
        }
        if (config.run().historyPath() == null && out.stream().anyMatch(t -> t.check().baseline() != null
                && t.check().baseline().previousRun())) {
            throw JobException.usage("a check against the previous run needs a history table: set history: PATH");
        }
        return List.copyOf(out);
    }

    private static Target resolve(JobConfig config, RunSettings.Check c) {
        String spec;
        Direction direction;
        try {
            Loss loss = Losses.parse(c.loss());
            spec = loss.spec();
            direction = loss.direction();
        } catch (LossException e) {
            throw JobException.usage(c.where() + ".loss: " + e.getMessage());
        }
        List<JobConfig.LossEntry> same = new ArrayList<>();
        Set<String> specs = new LinkedHashSet<>();
        for (JobConfig.LossEntry e : config.losses()) {
            String s = spec(e);
            specs.add(s);
            if (s.equals(spec)) {
                same.add(e);
            }
        }
        if (same.isEmpty()) {
            throw JobException.usage(c.where() + ": loss '" + spec + "' is not computed by this run; its losses are "
                    + String.join(", ", specs));
        }
        Set<String> predictions = new LinkedHashSet<>();
        same.forEach(e -> predictions.add(prediction(config, e)));
        String chosen = c.prediction();
        if (chosen == null) {
            String dflt = config.columns().prediction();
            if (dflt != null && predictions.contains(dflt)) {
                chosen = dflt;
            } else if (predictions.size() == 1) {
                chosen = predictions.iterator().next();
            } else {
                throw JobException.usage(c.where() + ": loss '" + spec + "' is computed for predictions "
                        + String.join(", ", predictions) + "; say which with " + c.where() + ".prediction");
            }
        } else if (!predictions.contains(chosen)) {
            throw JobException.usage(c.where() + ": loss '" + spec + "' is not computed for prediction '" + chosen
                    + "'; it is computed for " + String.join(", ", predictions));
        }
        String candidate = chosen;
        JobConfig.LossEntry entry = same.stream().filter(e -> prediction(config, e).equals(candidate)).findFirst().orElseThrow();
        if (c.hasChangeBound() && direction == Direction.NONE) {
            throw JobException.usage(c.where() + ": '" + spec + "' is descriptive (" + direction.text()
                    + "), so a change has no better or worse; use min and max instead");
        }
        if (c.baseline() != null && !c.baseline().previousRun() && c.baseline().prediction().equals(candidate)) {
            throw JobException.usage(c.where() + ": the baseline prediction is the candidate itself ('" + candidate + "')");
        }
        return new Target(c, spec, candidate, label(config, entry), direction, entry);
    }

    /** The config plus, for each check against a baseline prediction, that prediction's loss if not listed already. */
    public static JobConfig withBaselineLosses(JobConfig config, List<Target> targets) {
        List<JobConfig.LossEntry> losses = new ArrayList<>(config.losses());
        for (Target t : targets) {
            RunSettings.Baseline base = t.check().baseline();
            if (base == null || base.previousRun()) {
                continue;
            }
            JobConfig.LossEntry e = t.entry();
            boolean listed = losses.stream().anyMatch(o -> spec(o).equals(t.spec())
                    && prediction(config, o).equals(base.prediction())
                    && Objects.equals(label(config, o), label(config, e)) && Objects.equals(weight(config, o), weight(config, e)));
            if (!listed) {
                losses.add(new JobConfig.LossEntry(e.name(), e.params(), base.prediction(), label(config, e), weight(config, e)));
            }
        }
        return losses.size() == config.losses().size() ? config : config.withLosses(losses);
    }

    /** Checks that every slicing and slice a check names exists in the plan (before the pass runs). */
    public static void checkSlices(List<Target> targets, PassPlan plan) {
        List<String> names = plan.slicings().stream().map(PassPlan.Slicing::name).toList();
        for (Target t : targets) {
            for (int i = 0; i < plan.losses().size(); i++) {
                var loss = plan.losses().loss(i);
                if (loss.spec().equals(t.spec()) && loss.reportRowCount() > 1
                        && plan.bindings().get(plan.losses().inputOf(i)).prediction().equals(t.prediction())) {
                    // One value per check and slice: a per-output loss has several.
                    throw JobException.usage(t.check().where() + ": " + t.spec() + " reports one row per output "
                            + "(multioutput=raw_values); gate one output through its own loss (e.g. prediction: element_at(p, 1)) "
                            + "or an averaged multioutput");
                }
            }
            RunSettings.Slices s = t.check().slices();
            for (String slicing : s.slicings()) {
                if (!names.contains(slicing)) {
                    throw JobException.usage(t.check().where() + ".slices: '" + slicing + "' is not a slicing of this run; "
                            + "slicings are " + String.join(", ", names) + " (or use all, or a slice such as season=2019)");
                }
            }
            for (String key : s.keys()) {
                if (key.equals(PassPlan.OVERALL)) {
                    continue;
                }
                List<String> cols = new ArrayList<>();
                for (String part : key.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw JobException.usage(t.check().where() + ".slices: '" + key + "' is not a slice; write column=value[,column=value]");
                    }
                    cols.add(part.substring(0, eq));
                }
                if (!names.contains(String.join(",", cols))) {
                    throw JobException.usage(t.check().where() + ".slices: '" + key + "' names columns " + cols
                            + ", which are not a slicing of this run; slicings are " + String.join(", ", names));
                }
            }
        }
    }

    private static String spec(JobConfig.LossEntry e) {
        return Losses.create(e.name(), e.params()).spec();
    }

    private static String prediction(JobConfig config, JobConfig.LossEntry e) {
        return e.prediction() != null ? e.prediction() : config.columns().prediction();
    }

    private static String label(JobConfig config, JobConfig.LossEntry e) {
        return e.label() != null ? e.label() : config.columns().label();
    }

    private static String weight(JobConfig config, JobConfig.LossEntry e) {
        return e.weight() != null ? e.weight() : config.columns().weight();
    }
}
