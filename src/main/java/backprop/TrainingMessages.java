package backprop;

import java.util.Locale;

/**
 * The text of {@link Trainer}'s errors and of {@link Metrics}' one-line summary, kept out of those two classes on
 * purpose. When C2 is first asked to compile a method, HotSpot resolves every string constant of the method's class
 * on the thread that asked, and that allocates; the per-epoch and per-batch methods of {@code Trainer} and
 * {@code Metrics} reach C2 only after thousands of batches, in the middle of a training run. With no string
 * constants of their own, training allocates nothing then either (docs/DESIGN.md, "Regression tests of speed").
 */
final class TrainingMessages {

    private TrainingMessages() {
    }

    static String inputColumnsMismatch(int dataInputs, int networkInputs) {
        return "the data has " + dataInputs + " input columns but the network takes " + networkInputs;
    }

    static String targetsMismatch(int dataOutputs, int networkOutputs) {
        return "the data has " + dataOutputs + " targets per row but the network has " + networkOutputs + " outputs";
    }

    static String validationShapeMismatch() {
        return "the validation rows are not shaped like the training rows";
    }

    static String earlyStoppingWithoutValidation() {
        return "early stopping needs validation rows";
    }

    static String noBestEpoch() {
        return "no best epoch: early stopping is off or no epoch ran";
    }

    static String notOneBatch(int start, int rows) {
        return "rows " + start + ".." + (start + rows) + " are not one batch";
    }

    static String gradientShapeMismatch() {
        return "the gradient arrays must be shaped like the network's weights and biases, one pair a layer";
    }

    /** {@link Metrics#toString()}: the loss, the classification figures when defined, and the rows. */
    static String metricsLine(Metrics metrics) {
        String loss = String.format(Locale.ROOT, "loss %.4f", metrics.mse());
        if (!metrics.hasClassification()) return loss + "  (" + metrics.rows() + " rows)";
        return String.format(Locale.ROOT, "%s  cross-entropy %.4f  accuracy %.4f  (%d rows)", loss,
                metrics.crossEntropy(), metrics.accuracy(), metrics.rows());
    }
}
