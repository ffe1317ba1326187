package dev.lossreport.loss;

/** A loss name, parameter or input that cannot be used; the message says what was expected. */
public class LossException extends RuntimeException {
    public LossException(String message) {
        super(message);
    }
}
