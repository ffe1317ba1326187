package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * The family of mean Tweedie deviances: l = d(y, p) for the unit deviance d of a fixed power
 * ({@link Tweedie}); rows outside that power's domain do not count. Leaves fix or read the power.
 */
abstract class Deviance extends ElementwiseLoss {
    private final double power;

    Deviance(LossType type, Params params, double power) {
        super(type, params);
        this.power = power;
    }

    @Override
    protected final boolean inDomain(double p, double y) {
        return Tweedie.inDomain(y, p, power);
    }

    @Override
    protected final double term(double p, double y) {
        return Tweedie.deviance(y, p, power);
    }
}
