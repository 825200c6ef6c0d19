package backprop.data;

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
        if (features.length < rows * inputs) throw new IllegalArgumentException("features hold fewer than rows x inputs");
        if (targets.length < rows * outputs) throw new IllegalArgumentException("targets hold fewer than rows x outputs");
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
        int outputs = classes == 2 && singleOutputForTwoClasses ? 1 : classes;
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
