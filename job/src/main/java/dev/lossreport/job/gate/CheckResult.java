package dev.lossreport.job.gate;

/**
 * The outcome of one check on one slice: the candidate's value, the baseline's value and the change
 * when the check has a baseline, and why it failed. {@code worsening} is how much further from the
 * loss's best value the candidate is than the baseline (negative: better); {@code relativeWorsening}
 * divides it by the baseline's distance from the best.
 */
public record CheckResult(String check, String loss, String prediction, String slice, Double value,
                          String baseline, Double baselineValue, Double worsening, Double relativeWorsening,
                          boolean passed, String reason) {
}
