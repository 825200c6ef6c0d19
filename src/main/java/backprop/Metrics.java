package backprop;

/**
 * Accumulates the losses and accuracy of outputs against targets, batch by batch, without allocating.
 *
 * <ul>
 *   <li>{@link #mse()}: the numpy example's loss, {@code mean((a - y)^2)} over rows x outputs.</li>
 *   <li>{@link #crossEntropy()}: for a softmax output {@code -sum(y log a)} per row; for sigmoid outputs the binary
 *       cross-entropy averaged over outputs; averaged over rows. Probabilities are clamped to [1e-7, 1 - 1e-7].</li>
 *   <li>{@link #accuracy()}: argmax against the label, or {@code a >= 0.5} for a single output.</li>
 * </ul>
 *
 * <p>Its text is built in {@code TrainingMessages}: a string constant here would be allocated mid-training.
 */
public final class Metrics {

    private static final double CLAMP = 1e-7;

    private double squaredError;
    private double crossEntropySum;
    private long correct;
    private long rows;
    private long labelledRows;
    private int outputs;

    /** Forgets everything added, to start a new epoch. */
    public void reset() {
        squaredError = 0;
        crossEntropySum = 0;
        correct = 0;
        rows = 0;
        labelledRows = 0;
    }

    /** Adds a squared-error sum already computed (by the output-delta kernel) for {@code batchRows} rows. */
    public void addSquaredError(double sum, int batchRows, int outputCount) {
        squaredError += sum;
        rows += batchRows;
        outputs = outputCount;
    }

    /**
     * Adds cross-entropy and accuracy of {@code batchRows} rows of {@code output}, whose targets and labels are
     * rows {@code firstRow ..} of {@code target} and {@code labels}.
     */
    public void addClassification(float[] output, float[] target, int[] labels, int firstRow, int batchRows,
                                  int outputCount, Activation activation) {
        for (int r = 0; r < batchRows; r++) {
            int base = r * outputCount;
            double loss = 0;
            for (int j = 0; j < outputCount; j++) {
                double a = Math.min(1 - CLAMP, Math.max(CLAMP, output[base + j]));
                double y = target[(firstRow + r) * outputCount + j];
                loss -= activation == Activation.SOFTMAX ? y * Math.log(a) : y * Math.log(a) + (1 - y) * Math.log(1 - a);
            }
            crossEntropySum += activation == Activation.SOFTMAX ? loss : loss / outputCount;
            if (predictedClass(output, base, outputCount) == labels[firstRow + r]) correct++;
        }
        labelledRows += batchRows;
    }

    /** The class of one output row: argmax, or the 0.5 threshold for a single output. */
    public static int predictedClass(float[] output, int offset, int outputCount) {
        if (outputCount == 1) return output[offset] >= 0.5f ? 1 : 0;
        int best = 0;
        for (int j = 1; j < outputCount; j++) if (output[offset + j] > output[offset + best]) best = j;
        return best;
    }

    /** The mean squared error {@code mean((a - y)^2)} over rows x outputs; NaN when no rows were added. */
    public double mse() {
        return rows == 0 ? Double.NaN : squaredError / ((double) rows * outputs);
    }

    /** NaN when no labelled rows were added. */
    public double crossEntropy() {
        return labelledRows == 0 ? Double.NaN : crossEntropySum / labelledRows;
    }

    /** NaN when no labelled rows were added. */
    public double accuracy() {
        return labelledRows == 0 ? Double.NaN : (double) correct / labelledRows;
    }

    /** The loss early stopping watches: cross-entropy when labelled rows were added, else the MSE (regression). */
    public double validationLoss() {
        return hasClassification() ? crossEntropy() : mse();
    }

    /** How many rows were added. */
    public long rows() {
        return rows;
    }

    /** Whether labelled rows were added, so that accuracy and cross-entropy are defined. */
    public boolean hasClassification() {
        return labelledRows > 0;
    }

    /**
     * One line for people: {@code loss 0.0123  cross-entropy 0.0456  accuracy 0.9876  (1797 rows)}, without the
     * classification figures when no labelled rows were added.
     */
    @Override
    public String toString() {
        return TrainingMessages.metricsLine(this);
    }
}
