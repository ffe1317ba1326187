package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossSet;
import dev.lossreport.loss.Shape;
import dev.lossreport.spark.InternalValues;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why rows did not count, per loss: the reasons behind {@code invalid_rows}, with a few sample rows,
 * for {@code _run.json} and for {@code on_invalid: fail} and the negative-weight check.
 *
 * <p>A refused row is classified by the first reason that applies, in this order: a negative weight,
 * a null (prediction, label, weight or an array element), a NaN, arrays of different lengths, an
 * infinite value, a class index that is not an integer in [0, K), and otherwise a value outside the
 * loss's domain (a probability outside [0, 1], a row that does not sum to 1, ...).
 *
 * <p>Counts and samples travel in per-partition accumulators that a retried task replaces, so they
 * are exact under task retries and speculative execution. Classification runs only for rows a loss
 * refused; the common path costs one comparison per loss and row.
 */
public final class InvalidRows implements Serializable {
    public enum Reason {
        NEGATIVE_WEIGHT, NULL, NAN, LENGTH_MISMATCH, INFINITE, CLASS_INDEX, OUTSIDE_DOMAIN,
        /** A per-query or per-example pass: the entity has no value for this loss. */
        UNDEFINED_FOR_ENTITY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int REASONS = Reason.values().length;
    /** Sample rows kept per loss, reason and partition. */
    static final int SAMPLES = 3;
    private static final int ARRAY_SHOWN = 6;

    private final PartitionCounts counts;
    private final PartitionSamples samples;
    private final int losses;
    /** Whether the pass scans entities (one row per query or example) rather than input rows. */
    private final boolean entities;

    InvalidRows(SparkContext sc, int losses, boolean entities) {
        this.losses = losses;
        this.entities = entities;
        this.counts = new PartitionCounts(losses * REASONS);
        this.samples = new PartitionSamples();
        sc.register(counts);
        sc.register(samples);
    }

    /** Rows of loss {@code i} that did not count, by reason (after the pass has run). */
    public Map<Reason, Long> byReason(int loss) {
        long[] t = counts.totals();
        Map<Reason, Long> m = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            long n = t[loss * REASONS + r.ordinal()];
            if (n > 0) {
                m.put(r, n);
            }
        }
        return m;
    }

    /** Up to {@code max} sample rows of loss {@code i} refused for {@code reason} (any reason when null), the same on every run. */
    public List<String> samples(int loss, Reason reason, int max) {
        String prefix = loss + "\t" + (reason == null ? "" : reason.key() + "\t");
        return samples.lines().stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(l.indexOf('\t', l.indexOf('\t') + 1) + 1))
                .limit(max).toList();
    }

    /** The tally of one task: call {@link #observe} after each row's update, {@link #flush} at the end. */
    Tally tally(PassPlan plan) {
        return new Tally(plan);
    }

    final class Tally {
        private final PassPlan plan;
        private final LossSet set;
        private final long[] byReason = new long[losses * REASONS];
        private final int[] sampled = new int[losses * REASONS];
        private final List<String> lines = new ArrayList<>();

        private Tally(PassPlan plan) {
            this.plan = plan;
            this.set = plan.losses();
        }

        /** Classifies a row that some loss refused ({@link LossSet#updateLean}) for every loss that refused it. */
        void observe(InternalRow row, Example[] examples) {
            for (int i = 0; i < losses; i++) {
                int b = set.inputOf(i);
                if (set.loss(i).classify(examples[b]) != Loss.REFUSED) {
                    continue;
                }
                PassPlan.Binding binding = plan.bindings().get(b);
                Reason why = entities ? classifyEntity(binding, row) : classify(binding, row, examples[b]);
                int slot = i * REASONS + why.ordinal();
                byReason[slot]++;
                if (sampled[slot] < SAMPLES) {
                    sampled[slot]++;
                    lines.add(i + "\t" + why.key() + "\t" + describe(binding, row));
                }
            }
        }

        void flush() {
            int partition = TaskContext.getPartitionId();
            counts.put(partition, byReason);
            samples.put(partition, List.copyOf(lines));
        }

        private String describe(PassPlan.Binding b, InternalRow row) {
            InternalValues r = b.reader();
            List<String> parts = new ArrayList<>();
            if (entities) {
                parts.add("value=" + show(row, r.predictionOrdinal(), false));
                if (r.weightOrdinal() >= 0) {
                    parts.add(b.weight() + "=" + show(row, r.weightOrdinal(), false));
                }
                addGroups(parts, row);
                return "{" + String.join(", ", parts) + "}";
            }
            parts.add(b.prediction() + "=" + show(row, r.predictionOrdinal(), b.pair().prediction() == Shape.VECTOR));
            if (r.labelOrdinal() >= 0) {
                parts.add(b.label() + "=" + show(row, r.labelOrdinal(), b.pair().label() == Shape.VECTOR));
            }
            if (r.weightOrdinal() >= 0) {
                parts.add(b.weight() + "=" + show(row, r.weightOrdinal(), false));
            }
            addGroups(parts, row);
            return "{" + String.join(", ", parts) + "}";
        }

        private void addGroups(List<String> parts, InternalRow row) {
            List<PassPlan.GroupColumn> groups = plan.groupColumns();
            for (int g = 0; g < groups.size(); g++) {
                parts.add(groups.get(g).name() + "=" + (row.isNullAt(g) ? "null" : row.get(g, groups.get(g).type())));
            }
        }
    }

    /** An entity row holds the entity's value per loss and its weight, both doubles. */
    static Reason classifyEntity(PassPlan.Binding b, InternalRow row) {
        int w = b.reader().weightOrdinal();
        if (w >= 0) {
            double weight = row.getDouble(w);
            if (weight < 0) {
                return Reason.NEGATIVE_WEIGHT;
            }
            if (!(weight < Double.POSITIVE_INFINITY)) {
                return Double.isNaN(weight) ? Reason.NAN : Reason.INFINITE;
            }
        }
        return Reason.UNDEFINED_FOR_ENTITY;
    }

    static Reason classify(PassPlan.Binding b, InternalRow row, Example x) {
        InternalValues r = b.reader();
        if (r.weightOrdinal() >= 0 && !row.isNullAt(r.weightOrdinal()) && row.getDouble(r.weightOrdinal()) < 0) {
            return Reason.NEGATIVE_WEIGHT;
        }
        int flags = scan(row, r.predictionOrdinal(), b.pair().prediction() == Shape.VECTOR)
                | scan(row, r.labelOrdinal(), b.pair().label() == Shape.VECTOR)
                | scan(row, r.weightOrdinal(), false);
        if ((flags & NULL) != 0) {
            return Reason.NULL;
        }
        if ((flags & NAN) != 0) {
            return Reason.NAN;
        }
        if (x.predictionIsVector && x.labelIsVector && x.predictionLength != x.labelLength) {
            return Reason.LENGTH_MISMATCH;
        }
        if ((flags & INF) != 0) {
            return Reason.INFINITE;
        }
        if (b.pair().label() == Shape.INDEX && x.classIndex(x.predictionLength) < 0) {
            return Reason.CLASS_INDEX;
        }
        return Reason.OUTSIDE_DOMAIN;
    }

    private static final int NULL = 1;
    private static final int NAN = 2;
    private static final int INF = 4;

    private static int scan(InternalRow row, int ordinal, boolean vector) {
        if (ordinal < 0) {
            return 0;
        }
        if (row.isNullAt(ordinal)) {
            return NULL;
        }
        if (!vector) {
            return flag(row.getDouble(ordinal));
        }
        ArrayData a = row.getArray(ordinal);
        int f = 0;
        for (int i = 0; i < a.numElements(); i++) {
            f |= a.isNullAt(i) ? NULL : flag(a.getDouble(i));
        }
        return f;
    }

    private static int flag(double v) {
        return Double.isNaN(v) ? NAN : Double.isInfinite(v) ? INF : 0;
    }

    private static String show(InternalRow row, int ordinal, boolean vector) {
        if (row.isNullAt(ordinal)) {
            return "null";
        }
        if (!vector) {
            return Double.toString(row.getDouble(ordinal));
        }
        ArrayData a = row.getArray(ordinal);
        List<String> e = new ArrayList<>();
        for (int i = 0; i < Math.min(a.numElements(), ARRAY_SHOWN); i++) {
            e.add(a.isNullAt(i) ? "null" : Double.toString(a.getDouble(i)));
        }
        return "[" + String.join(", ", e) + (a.numElements() > ARRAY_SHOWN ? ", ... (" + a.numElements() + " elements)" : "") + "]";
    }
}
