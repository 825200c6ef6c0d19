package backprop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One row per trained epoch, for {@code --history} files and loss-curve charts. */
public final class TrainingHistory {

    /**
     * One epoch: the numpy example's loss (MSE), train accuracy, test accuracy, the validation loss early stopping
     * watches ({@link Metrics#validationLoss()}) and validation accuracy (NaN where absent), wall seconds.
     */
    public static final class Epoch {
        public final int epoch;
        public final double loss;
        public final double accuracy;
        public final double testAccuracy;
        public final double validationLoss;
        public final double validationAccuracy;
        public final double seconds;

        public Epoch(int epoch, double loss, double accuracy, double testAccuracy, double validationLoss,
                     double validationAccuracy, double seconds) {
            this.epoch = epoch;
            this.loss = loss;
            this.accuracy = accuracy;
            this.testAccuracy = testAccuracy;
            this.validationLoss = validationLoss;
            this.validationAccuracy = validationAccuracy;
            this.seconds = seconds;
        }

        /** An epoch without validation rows. */
        public Epoch(int epoch, double loss, double accuracy, double testAccuracy, double seconds) {
            this(epoch, loss, accuracy, testAccuracy, Double.NaN, Double.NaN, seconds);
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch epoch) {
        epochs.add(epoch);
    }

    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The CSV header of {@link #csvRow(Epoch)}. */
    public static String csvHeader() {
        return "epoch,loss,accuracy,test_accuracy,val_loss,val_accuracy,seconds";
    }

    /** One CSV row; absent values are empty fields. */
    public static String csvRow(Epoch e) {
        return e.epoch + "," + number(e.loss) + "," + number(e.accuracy) + "," + number(e.testAccuracy) + ","
                + number(e.validationLoss) + "," + number(e.validationAccuracy) + "," + number(e.seconds);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
