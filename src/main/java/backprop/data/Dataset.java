package backprop.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Rows of inputs with their targets, as flat row-major arrays ready for the kernels. For classification the
 * targets are one-hot (or a single 0/1 column for two classes) and {@code labels} holds the class of each row;
 * for regression {@code labels} is {@code null}.
 */
public final class Dataset {

    private final float[] features;
    private final float[] targets;
    private final int[] labels;
    private final int rows;
    private final int inputs;
    private final int outputs;

    /**
     * Rows of {@code inputs} features and {@code outputs} targets, both flat row-major; {@code labels} may be {@code
     * null} (regression). The arrays are used as they are, not copied.
     */
    public Dataset(float[] features, float[] targets, int[] labels, int rows, int inputs, int outputs) {
        if (rows <= 0) throw new IllegalArgumentException("a dataset needs at least one row");
        if (inputs <= 0 || outputs <= 0) throw new IllegalArgumentException("inputs and outputs must be positive");
        // as longs: rows x inputs past 2^31 cannot be indexed, whatever an int product wraps to
        if (features.length < (long) rows * inputs) {
            throw new IllegalArgumentException("features hold fewer than rows x inputs");
        }
        if (targets.length < (long) rows * outputs) {
            throw new IllegalArgumentException("targets hold fewer than rows x outputs");
        }
        if (labels != null && labels.length < rows) throw new IllegalArgumentException("labels hold fewer than rows");
        this.features = features;
        this.targets = targets;
        this.labels = labels;
        this.rows = rows;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * A classification dataset from class labels: one sigmoid-style 0/1 column when {@code classes == 2} and
     * {@code singleOutputForTwoClasses}, else one-hot over {@code classes}.
     */
    public static Dataset classification(float[] features, int[] labels, int rows, int inputs, int classes,
                                         boolean singleOutputForTwoClasses) {
        if (rows <= 0) throw new IllegalArgumentException("a dataset needs at least one row");
        if (classes < 2) throw new IllegalArgumentException("classification needs at least two classes, got " + classes);
        if (labels.length < rows) throw new IllegalArgumentException("labels hold fewer than rows");
        int outputs = classes == 2 && singleOutputForTwoClasses ? 1 : classes;
        if ((long) rows * outputs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows x classes is too many targets for one array");
        }
        float[] targets = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("row " + r + ": label " + labels[r] + " is outside 0.." + (classes - 1));
            }
            if (outputs == 1) targets[r] = labels[r];
            else targets[r * outputs + labels[r]] = 1f;
        }
        return new Dataset(features, targets, labels, rows, inputs, outputs);
    }

    /**
     * Splits off {@code fraction} of the rows for validation, chosen by a shuffle seeded with {@code seed}: for
     * classification {@code fraction} of each class (rounded), so that both parts keep the class mix; else of all
     * rows. Both parts keep the rows' order and are copies: {@code [training, validation]}.
     *
     * @throws IllegalArgumentException if either part would have no rows
     */
    public Dataset[] splitValidation(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation split must be a fraction between 0 and 1, got "
                    + fraction);
        }
        Random random = new Random(seed);
        boolean[] validation = new boolean[rows];
        int groups = labels == null ? 1 : Arrays.stream(labels, 0, rows).max().orElse(0) + 1;
        int validationRows = 0;
        for (int group = 0; group < groups; group++) {
            int[] members = new int[rows];
            int count = 0;
            for (int r = 0; r < rows; r++) if (labels == null || labels[r] == group) members[count++] = r;
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
            }
            int taken = (int) Math.round(count * fraction);
            for (int i = 0; i < taken; i++) validation[members[i]] = true;
            validationRows += taken;
        }
        if (validationRows == 0 || validationRows == rows) {
            throw new IllegalArgumentException("a validation split of " + fraction + " of " + rows
                    + " rows leaves no rows for " + (validationRows == 0 ? "validation" : "training"));
        }
        return new Dataset[] {select(validation, false, rows - validationRows), select(validation, true, validationRows)};
    }

    /** The rows whose {@code chosen} flag is {@code wanted}, {@code count} of them, in order. */
    private Dataset select(boolean[] chosen, boolean wanted, int count) {
        float[] f = new float[count * inputs];
        float[] t = new float[count * outputs];
        int[] l = labels == null ? null : new int[count];
        int i = 0;
        for (int r = 0; r < rows; r++) {
            if (chosen[r] != wanted) continue;
            System.arraycopy(features, r * inputs, f, i * inputs, inputs);
            System.arraycopy(targets, r * outputs, t, i * outputs, outputs);
            if (l != null) l[i] = labels[r];
            i++;
        }
        return new Dataset(f, t, l, count, inputs, outputs);
    }

    /** The inputs, {@code rows x inputs} row-major. */
    public float[] features() {
        return features;
    }

    /** The targets, {@code rows x outputs} row-major. */
    public float[] targets() {
        return targets;
    }

    /** The class of each row, or {@code null} for regression. */
    public int[] labels() {
        return labels;
    }

    /** Whether the rows have class labels. */
    public boolean isClassification() {
        return labels != null;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** Features per row: the network's input size. */
    public int inputs() {
        return inputs;
    }

    /** Targets per row: the network's output size. */
    public int outputs() {
        return outputs;
    }
}
