package dev.lossreport.loss.regression;

import dev.lossreport.loss.Param;

/**
 * The unit Tweedie deviance d(y, mu) of scikit-learn's {@code mean_tweedie_deviance} and its domains,
 * shared by the deviance losses and the D^2 Tweedie score.
 *
 * <ul>
 *   <li>power 0 (normal): (y - mu)^2; any finite y and mu.</li>
 *   <li>power 1 (Poisson): 2 * (y * log(y / mu) - y + mu), with 0 * log(0) = 0; y >= 0, mu > 0.</li>
 *   <li>power 2 (gamma): 2 * (log(mu / y) + y / mu - 1); y > 0, mu > 0.</li>
 *   <li>otherwise: 2 * (max(y, 0)^(2-p) / ((1-p)(2-p)) - y * mu^(1-p) / (1-p) + mu^(2-p) / (2-p));
 *       power &lt; 0: any y, mu > 0; 1 &lt; power &lt; 2: y >= 0, mu > 0; power > 2: y > 0, mu > 0.</li>
 * </ul>
 * Powers strictly between 0 and 1 have no Tweedie distribution and are rejected.
 */
final class Tweedie {
    private Tweedie() {
    }

    static final Param POWER = Param.real("power", 0.0,
            "Tweedie power: 0 normal, 1 Poisson, (1, 2) compound Poisson, 2 gamma, 3 inverse Gaussian",
            p -> (p <= 0 || p >= 1) && Double.isFinite(p), "a finite number <= 0 or >= 1");

    static boolean inDomain(double y, double mu, double power) {
        if (!Double.isFinite(y) || !Double.isFinite(mu)) {
            return false;
        }
        if (power == 0) {
            return true;
        }
        if (!(mu > 0)) {
            return false;
        }
        if (power < 0) {
            return true;
        }
        return power < 2 ? y >= 0 : y > 0;
    }

    static double deviance(double y, double mu, double power) {
        if (power == 0) {
            double e = y - mu;
            return e * e;
        }
        // Near y = mu every closed form below cancels to nothing (for y = 1e9, mu = 1e9 + 1 the Poisson
        // form loses all digits); there the deviance is 2 mu^(2-p) times a binomial series in r.
        double r = (y - mu) / mu;
        if (Math.abs(r) * (Math.abs(power) + 2) < 0.5) {
            return 2 * Math.pow(mu, 2 - power) * series(r, power);
        }
        if (power == 1) {
            return 2 * ((y == 0 ? 0.0 : y * Math.log(y / mu)) - y + mu);
        }
        if (power == 2) {
            return 2 * (Math.log(mu / y) + y / mu - 1);
        }
        return 2 * (Math.pow(Math.max(y, 0), 2 - power) / ((1 - power) * (2 - power))
                - y * Math.pow(mu, 1 - power) / (1 - power)
                + Math.pow(mu, 2 - power) / (2 - power));
    }

    /**
     * g(r) = (1+r)^(2-p) / ((1-p)(2-p)) - (1+r) / (1-p) + 1 / (2-p), the unit deviance over 2 mu^(2-p) at
     * y = mu(1 + r) (for p = 1 and 2 its limits), as sum_{n >= 2} a_n r^n with a_2 = 1/2 and
     * a_{n+1} = a_n (2 - p - n) / (n + 1). The caller keeps |r| (|p| + 2) below 1/2, so the terms
     * shrink at least geometrically.
     */
    private static double series(double r, double power) {
        double term = 0.5 * r * r;
        double sum = term;
        for (int n = 2; n < 80; n++) {
            term *= r * (2 - power - n) / (n + 1);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return sum;
    }
}
