package dev.lossreport.loss;

/** The shape of one input of a loss, decided by the type of its column. */
public enum Shape {
    /** Not read by the loss. */
    NONE,
    /** A number (any numeric or boolean column, widened to double). */
    SCALAR,
    /** An array of numbers: class probabilities or logits, multi-output targets, image pixels. */
    VECTOR,
    /** A number read as a class index 0..K-1 into the prediction vector. */
    INDEX
}
