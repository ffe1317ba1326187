package dev.lossreport.loss;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pointwise values of several mean-family losses on one row, {@code values[j]} for loss j: the
 * engine's hot loop ({@link LossSet#updateLean}) calls this once per row and input binding.
 *
 * <p>Why generated: a loop over {@code losses[j].evaluate(x)} is one call site shared by every loss
 * class, so the JIT can inline none of them, and {@link ElementwiseLoss#evaluate}'s own calls of
 * {@code term} are shared by all subclasses too: three megamorphic calls per loss and row, about half
 * of the row's cost at 20 losses. {@link #of} compiles (with Janino, which Spark brings for its own
 * code generation) a class whose fields have the losses' concrete types, one statement per loss, so
 * each call is monomorphic and the JIT inlines the loss's own Java code into one method. The losses
 * themselves stay ordinary Java; the generated class only calls them, in order, and stops at the first
 * NaN exactly as the loop it replaces. A loss class that is not public (so the generated class cannot
 * name it) is called through {@link MeanLoss}, which is slower and the same. Classes are generated once
 * per JVM for each list of loss classes.
 */
public interface MeanKernel {
    /**
     * Sets {@code values[j]} to loss j's {@link MeanLoss#evaluate} of the row, in order, up to the first
     * NaN; returns whether none was NaN.
     */
    boolean evaluate(Example x, double[] values);

    /** Whether every loss's {@link Loss#inDomain} accepts the row: {@link #evaluate} without the values. */
    boolean inDomain(Example x);

    /**
     * Adds a row that {@link #evaluate} counted, with weight w and its {@code values}, to the hot blocks
     * ({@link LossSet#leanWidth}) at {@code blocks[k][bases[k] + hot ..]}, k in [0, count): one row, the
     * compensated weight, and per loss the compensated sum of w * l (none for a zero weight, as 0 * inf
     * would be NaN).
     */
    void addCounted(double[][] blocks, int[] bases, int count, int hot, double w, double[] values);

    /** A kernel of the losses, in this order. */
    static MeanKernel of(MeanLoss[] losses) {
        return Generated.of(losses);
    }

    /** The loops the generated class replaces (and the reference it is tested against). */
    static MeanKernel loop(MeanLoss[] losses) {
        MeanLoss[] l = losses.clone();
        return new MeanKernel() {
            @Override
            public boolean evaluate(Example x, double[] values) {
                for (int j = 0; j < l.length; j++) {
                    values[j] = l[j].evaluate(x);
                    if (Double.isNaN(values[j])) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public boolean inDomain(Example x) {
                for (MeanLoss loss : l) {
                    if (!loss.inDomain(x)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void addCounted(double[][] blocks, int[] bases, int count, int hot, double w, double[] values) {
                int m = w != 0 ? l.length : 0;
                for (int k = 0; k < count; k++) {
                    double[] s = blocks[k];
                    int at = bases[k] + hot;
                    s[at] += 1;
                    Sums.add(s, at + 1, w);
                    for (int j = 0; j < m; j++) {
                        Sums.add(s, at + 3 + 2 * j, w * values[j]);
                    }
                }
            }
        };
    }

    /** The compiler and its cache of classes by the list of loss classes. */
    final class Generated {
        /** Statements per generated method: keeps each method within what the JIT inlines and compiles whole. */
        private static final int PER_METHOD = 8;
        private static final Map<String, java.lang.reflect.Constructor<?>> CLASSES = new ConcurrentHashMap<>();
        private static int generated;

        private Generated() {
        }

        static MeanKernel of(MeanLoss[] losses) {
            String[] types = new String[losses.length];
            for (int j = 0; j < losses.length; j++) {
                types[j] = nameable(losses[j].getClass()) ? losses[j].getClass().getCanonicalName() : MeanLoss.class.getName();
            }
            String signature = String.join(",", types);
            try {
                return (MeanKernel) CLASSES.computeIfAbsent(signature, s -> compile(types))
                        .newInstance((Object) losses.clone());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate the generated kernel of " + signature, e);
            }
        }

        private static boolean nameable(Class<?> c) {
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                    return false;
                }
            }
            return c.getCanonicalName() != null;
        }

        private static synchronized java.lang.reflect.Constructor<?> compile(String[] types) {
            String name = "dev.lossreport.loss.GeneratedMeanKernel" + generated++;
            String source = source(name.substring(name.lastIndexOf('.') + 1), types);
            try {
                org.codehaus.janino.ClassBodyEvaluator cbe = new org.codehaus.janino.ClassBodyEvaluator();
                cbe.setParentClassLoader(MeanKernel.class.getClassLoader());
                cbe.setClassName(name);
                cbe.setImplementedInterfaces(new Class<?>[]{MeanKernel.class});
                cbe.cook(source);
                return cbe.getClazz().getConstructor(MeanLoss[].class);
            } catch (Exception e) {
                throw new IllegalStateException("cannot compile the kernel of " + String.join(",", types) + ":\n" + source, e);
            }
        }

        /** The class body: a field per loss of its own type, evaluate() calling them in chunks, inDomain() and addCounted() unrolled. */
        static String source(String simpleName, String[] types) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < types.length; j++) {
                b.append("private final ").append(types[j]).append(" l").append(j).append(";\n");
            }
            b.append("public ").append(simpleName).append("(dev.lossreport.loss.MeanLoss[] l) {\n");
            for (int j = 0; j < types.length; j++) {
                b.append("  l").append(j).append(" = (").append(types[j]).append(") l[").append(j).append("];\n");
            }
            b.append("}\n");
            int chunks = (types.length + PER_METHOD - 1) / PER_METHOD;
            b.append("public boolean evaluate(dev.lossreport.loss.Example x, double[] v) {\n  return ");
            if (chunks == 0) {
                b.append("true");
            }
            for (int c = 0; c < chunks; c++) {
                b.append(c == 0 ? "" : " && ").append("part").append(c).append("(x, v)");
            }
            b.append(";\n}\n");
            b.append("public boolean inDomain(dev.lossreport.loss.Example x) {\n  return true");
            for (int j = 0; j < types.length; j++) {
                b.append("\n    && l").append(j).append(".inDomain(x)");
            }
            b.append(";\n}\n");
            // addCounted: the products in locals (no reload after each store into a block), one statement per sum.
            b.append("public void addCounted(double[][] blocks, int[] bases, int count, int hot, double w, double[] v) {\n");
            b.append("  if (w == 0) {\n    for (int k = 0; k < count; k++) {\n      double[] s = blocks[k];\n");
            b.append("      int at = bases[k] + hot;\n      s[at] += 1;\n      dev.lossreport.loss.Sums.add(s, at + 1, w);\n");
            b.append("    }\n    return;\n  }\n");
            for (int j = 0; j < types.length; j++) {
                b.append("  double a").append(j).append(" = w * v[").append(j).append("];\n");
            }
            b.append("  for (int k = 0; k < count; k++) {\n    double[] s = blocks[k];\n    int at = bases[k] + hot;\n");
            b.append("    s[at] += 1;\n    dev.lossreport.loss.Sums.add(s, at + 1, w);\n");
            for (int j = 0; j < types.length; j++) {
                b.append("    dev.lossreport.loss.Sums.add(s, at + ").append(3 + 2 * j).append(", a").append(j).append(");\n");
            }
            b.append("  }\n}\n");
            for (int c = 0; c < chunks; c++) {
                b.append("private boolean part").append(c).append("(dev.lossreport.loss.Example x, double[] v) {\n");
                for (int j = c * PER_METHOD; j < Math.min(types.length, (c + 1) * PER_METHOD); j++) {
                    b.append("  v[").append(j).append("] = l").append(j).append(".evaluate(x);\n");
                    b.append("  if (v[").append(j).append("] != v[").append(j).append("]) return false;\n");
                }
                b.append("  return true;\n}\n");
            }
            return b.toString();
        }
    }
}
