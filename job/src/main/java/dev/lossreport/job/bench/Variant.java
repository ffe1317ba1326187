package dev.lossreport.job.bench;

import java.util.Map;

/**
 * One way of computing the benchmark's report. {@link #run} computes everything and discards it
 * (what is timed); {@link #values} computes the values of the first {@code checkedGroups} groups of
 * every slicing for the agreement check, keyed "slicing|group|loss".
 */
interface Variant extends AutoCloseable {
    String name();

    void run() throws Exception;

    Map<String, Double> values(long checkedGroups) throws Exception;

    /** Whether the variant is timed once, without warm-up (the MLlib loop: its cost dwarfs the noise). */
    default boolean once() {
        return false;
    }

    /** Whether the variant computes the given loss (MLlib offers only some). */
    default boolean computes(String spec) {
        return true;
    }

    @Override
    default void close() throws Exception {
    }
}
