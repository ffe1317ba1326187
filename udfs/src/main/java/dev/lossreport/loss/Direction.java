package dev.lossreport.loss;

/** Which values of a loss are better; a gate takes the direction of a change from here. */
public enum Direction {
    LOWER_IS_BETTER("lower is better"),
    HIGHER_IS_BETTER("higher is better"),
    /** Signed errors such as {@code mean_error}: the best value is 0. */
    ZERO_IS_BEST("closest to 0 is best"),
    /** Ratios such as {@code calibration}: the best value is 1. */
    ONE_IS_BEST("closest to 1 is best"),
    /** Descriptive statistics such as {@code mean_label}: no direction. */
    NONE("descriptive, no direction");

    private final String text;

    Direction(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** How far a value is from the best; larger is worse. Undefined for {@link #NONE}. */
    public double badness(double value) {
        return switch (this) {
            case LOWER_IS_BETTER -> value;
            case HIGHER_IS_BETTER -> -value;
            case ZERO_IS_BEST -> Math.abs(value);
            case ONE_IS_BEST -> Math.abs(value - 1.0);
            case NONE -> throw new IllegalStateException("a descriptive statistic has no direction");
        };
    }
}
