package dev.lossreport.loss;

import dev.lossreport.loss.classification.Accuracy;
import dev.lossreport.loss.classification.Bce;
import dev.lossreport.loss.classification.Brier;
import dev.lossreport.loss.classification.CategoricalFocal;
import dev.lossreport.loss.classification.CategoricalHinge;
import dev.lossreport.loss.classification.Cce;
import dev.lossreport.loss.classification.CosineSimilarity;
import dev.lossreport.loss.classification.D2LogLoss;
import dev.lossreport.loss.classification.Focal;
import dev.lossreport.loss.classification.Hamming;
import dev.lossreport.loss.classification.Hinge;
import dev.lossreport.loss.classification.KlDivergence;
import dev.lossreport.loss.classification.MulticlassHinge;
import dev.lossreport.loss.classification.Nll;
import dev.lossreport.loss.classification.SquaredHinge;
import dev.lossreport.loss.classification.TopKAccuracy;
import dev.lossreport.loss.classification.ZeroOne;
import dev.lossreport.loss.regression.Calibration;
import dev.lossreport.loss.regression.D2AbsoluteError;
import dev.lossreport.loss.regression.D2Pinball;
import dev.lossreport.loss.regression.D2Tweedie;
import dev.lossreport.loss.ranking.AveragePrecision;
import dev.lossreport.loss.ranking.Dcg;
import dev.lossreport.loss.ranking.HitRate;
import dev.lossreport.loss.ranking.Ndcg;
import dev.lossreport.loss.ranking.PairwiseHinge;
import dev.lossreport.loss.ranking.PairwiseLogistic;
import dev.lossreport.loss.ranking.Precision;
import dev.lossreport.loss.ranking.QueryCount;
import dev.lossreport.loss.ranking.RPrecision;
import dev.lossreport.loss.ranking.Recall;
import dev.lossreport.loss.ranking.ReciprocalRank;
import dev.lossreport.loss.ranking.SoftmaxCrossEntropy;
import dev.lossreport.loss.regression.ErrorVariance;
import dev.lossreport.loss.regression.ExplainedVariance;
import dev.lossreport.loss.regression.GammaDeviance;
import dev.lossreport.loss.regression.Huber;
import dev.lossreport.loss.regression.LogCosh;
import dev.lossreport.loss.regression.Mae;
import dev.lossreport.loss.regression.Mape;
import dev.lossreport.loss.regression.MaxError;
import dev.lossreport.loss.regression.MeanError;
import dev.lossreport.loss.regression.MeanLabel;
import dev.lossreport.loss.regression.MeanPrediction;
import dev.lossreport.loss.regression.MedianAbsoluteError;
import dev.lossreport.loss.regression.Mse;
import dev.lossreport.loss.regression.Msle;
import dev.lossreport.loss.regression.PoissonDeviance;
import dev.lossreport.loss.regression.PoissonNll;
import dev.lossreport.loss.regression.Quantile;
import dev.lossreport.loss.regression.Psnr;
import dev.lossreport.loss.regression.R2;
import dev.lossreport.loss.regression.Rmse;
import dev.lossreport.loss.regression.Rmsle;
import dev.lossreport.loss.regression.Smape;
import dev.lossreport.loss.regression.TweedieDeviance;
import dev.lossreport.loss.replicates.Bias;
import dev.lossreport.loss.replicates.ExpectedLoss;
import dev.lossreport.loss.replicates.Variance;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry: the only way a loss name reaches code. Adding a loss is one line here.
 * Aliases are other names for a loss with some parameters fixed ({@code bce_logits} is
 * {@code bce(from_logits=true)}); reports always show the canonical spec.
 */
public final class Losses {
    private Losses() {
    }

    private static final Map<String, LossType> TYPES = index(
            // regression
            Mse.TYPE,
            Rmse.TYPE,
            Mae.TYPE,
            Huber.TYPE,
            LogCosh.TYPE,
            MeanError.TYPE,
            ErrorVariance.TYPE,
            R2.TYPE,
            Quantile.TYPE,
            Mape.TYPE,
            Smape.TYPE,
            Msle.TYPE,
            Rmsle.TYPE,
            TweedieDeviance.TYPE,
            PoissonDeviance.TYPE,
            GammaDeviance.TYPE,
            PoissonNll.TYPE,
            ExplainedVariance.TYPE,
            MaxError.TYPE,
            MedianAbsoluteError.TYPE,
            D2AbsoluteError.TYPE,
            D2Pinball.TYPE,
            D2Tweedie.TYPE,
            MeanPrediction.TYPE,
            MeanLabel.TYPE,
            Calibration.TYPE,
            Psnr.TYPE,
            // classification and likelihood
            Bce.TYPE,
            Brier.TYPE,
            Cce.TYPE,
            Nll.TYPE,
            Focal.TYPE,
            CategoricalFocal.TYPE,
            KlDivergence.TYPE,
            CosineSimilarity.TYPE,
            Hinge.TYPE,
            SquaredHinge.TYPE,
            CategoricalHinge.TYPE,
            MulticlassHinge.TYPE,
            Accuracy.TYPE,
            ZeroOne.TYPE,
            Hamming.TYPE,
            TopKAccuracy.TYPE,
            D2LogLoss.TYPE,
            // ranking, per query (EntityLoss: needs query and item columns)
            Ndcg.TYPE,
            Dcg.TYPE,
            AveragePrecision.TYPE,
            ReciprocalRank.TYPE,
            Precision.TYPE,
            Recall.TYPE,
            RPrecision.TYPE,
            HitRate.TYPE,
            QueryCount.NUM_REL,
            QueryCount.NUM_RET,
            QueryCount.NUM_REL_RET,
            PairwiseHinge.TYPE,
            PairwiseLogistic.TYPE,
            SoftmaxCrossEntropy.TYPE,
            // bias and variance over replicates, per example (EntityLoss: needs example and replicate columns)
            ExpectedLoss.TYPE,
            Bias.TYPE,
            Variance.TYPE);

    /** Another name for a registered loss, with some parameters fixed. */
    public record Alias(String name, String target, Map<String, Object> fixed) {
    }

    private static final Map<String, Alias> ALIASES = aliases(
            new Alias("bce_logits", "bce", Map.of("from_logits", true)),
            new Alias("log_loss", "cce", Map.of()),
            new Alias("sparse_cce", "cce", Map.of()),
            new Alias("pinball", "quantile", Map.of()),
            new Alias("recip_rank", "mrr", Map.of()),
            new Alias("ranknet", "pairwise_logistic", Map.of()),
            new Alias("lambdarank", "pairwise_logistic", Map.of("lambda_weights", "ndcg")),
            new Alias("listnet", "softmax_cross_entropy", Map.of()));

    /** Every registered loss type, in registry order. */
    public static List<LossType> list() {
        return List.copyOf(TYPES.values());
    }

    public static List<Alias> aliases() {
        return List.copyOf(ALIASES.values());
    }

    /** The type registered under a name or alias; an unknown name is an error that lists the known ones. */
    public static LossType type(String name) {
        LossType t = TYPES.get(name);
        if (t != null) {
            return t;
        }
        Alias a = ALIASES.get(name);
        if (a != null) {
            return TYPES.get(a.target());
        }
        throw new LossException("unknown loss '" + name + "'" + suggestion(name) + "; known losses: "
                + String.join(", ", TYPES.keySet()) + " (aliases: " + String.join(", ", ALIASES.keySet()) + ")");
    }

    /** Builds a loss from its name (or alias) and raw parameter values. */
    public static Loss create(String name, Map<String, ?> params) {
        LossType type = type(name);
        Alias alias = ALIASES.get(name);
        if (alias == null) {
            return type.create(params);
        }
        Map<String, Object> merged = new LinkedHashMap<>(params);
        for (var fixed : alias.fixed().entrySet()) {
            Object given = merged.get(fixed.getKey());
            if (given != null && !type.param(fixed.getKey()).convert(name, given).equals(fixed.getValue())) {
                throw new LossException("loss '" + name + "' fixes " + fixed.getKey() + "=" + fixed.getValue()
                        + "; use '" + alias.target() + "' to set it");
            }
            merged.put(fixed.getKey(), fixed.getValue());
        }
        return type.create(merged);
    }

    /** Parses a spec such as {@code huber(delta=2)} or {@code cce(eps=1e-7, normalize_rows=true)}. */
    public static Loss parse(String spec) {
        SpecParser.Parsed p = SpecParser.parse(spec);
        return create(p.name(), p.params());
    }

    /** Splits a spec into its name and raw parameters without building the loss. */
    public static SpecParser.Parsed parseSpec(String spec) {
        return SpecParser.parse(spec);
    }

    private static Map<String, LossType> index(LossType... types) {
        Map<String, LossType> m = new LinkedHashMap<>();
        for (LossType t : types) {
            if (m.put(t.name(), ArrayOptions.offeredTo(t)) != null) {
                throw new IllegalStateException("loss registered twice: " + t.name());
            }
        }
        return m;
    }

    private static Map<String, Alias> aliases(Alias... aliases) {
        Map<String, Alias> m = new LinkedHashMap<>();
        for (Alias a : aliases) {
            if (TYPES.containsKey(a.name()) || !TYPES.containsKey(a.target()) || m.put(a.name(), a) != null) {
                throw new IllegalStateException("bad alias: " + a);
            }
        }
        return m;
    }

    private static String suggestion(String name) {
        return TYPES.keySet().stream()
                .min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(k -> distance(k, name) <= Math.max(2, name.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
