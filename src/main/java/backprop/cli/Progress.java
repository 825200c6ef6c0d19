package backprop.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Per-epoch progress: a bar redrawn in place on a terminal, one line per epoch when the output is a file or a pipe
 * (so logs stay readable), or nothing with {@code --quiet}.
 */
abstract class Progress {

    static Progress create(PrintWriter out, boolean quiet, int epochs, int rows) {
        if (quiet) return new Progress() {
            @Override void epoch(int epoch, double loss, double accuracy, double testAccuracy, double seconds) {
            }
        };
        return System.console() != null ? new Bar(out, epochs, rows) : new Lines(out, epochs);
    }

    /** Epoch {@code epoch} (1-based) is done; {@code seconds} is how long it took. NaN accuracies are absent. */
    abstract void epoch(int epoch, double loss, double accuracy, double testAccuracy, double seconds);

    /** Ends the display before other output. */
    void finish() {
    }

    static String metrics(double loss, double accuracy, double testAccuracy) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", loss));
        if (!Double.isNaN(accuracy)) s.append(String.format(Locale.ROOT, "  acc %.4f", accuracy));
        if (!Double.isNaN(testAccuracy)) s.append(String.format(Locale.ROOT, "  test_acc %.4f", testAccuracy));
        return s.toString();
    }

    /** {@code epoch 3/20  loss 0.4123  acc 0.8812  test_acc 0.8701  3.2 epochs/s}. */
    private static final class Lines extends Progress {
        private final PrintWriter out;
        private final int epochs;

        Lines(PrintWriter out, int epochs) {
            this.out = out;
            this.epochs = epochs;
        }

        @Override
        void epoch(int epoch, double loss, double accuracy, double testAccuracy, double seconds) {
            out.printf(Locale.ROOT, "epoch %d/%d  %s  %s epochs/s%n", epoch, epochs,
                    metrics(loss, accuracy, testAccuracy), perSecond(1 / seconds));
            out.flush();
        }
    }

    /** {@code [########------------]  3/20  loss ...  52,000 rows/s  ETA 0:41}, redrawn with a carriage return. */
    private static final class Bar extends Progress {
        private static final int WIDTH = 24;
        private final PrintWriter out;
        private final int epochs;
        private final int rows;
        private double totalSeconds;
        private boolean drawn;

        Bar(PrintWriter out, int epochs, int rows) {
            this.out = out;
            this.epochs = epochs;
            this.rows = rows;
        }

        @Override
        void epoch(int epoch, double loss, double accuracy, double testAccuracy, double seconds) {
            totalSeconds += seconds;
            int filled = (int) ((long) WIDTH * epoch / epochs);
            long eta = Math.round(totalSeconds / epoch * (epochs - epoch));
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d  %s  %s rows/s  ETA %d:%02d ", "#".repeat(filled),
                    "-".repeat(WIDTH - filled), epoch, epochs, metrics(loss, accuracy, testAccuracy),
                    perSecond(rows / seconds), eta / 60, eta % 60);
            out.flush();
            drawn = true;
        }

        @Override
        void finish() {
            if (drawn) out.println();
            out.flush();
        }
    }

    static String perSecond(double rate) {
        if (rate >= 100) return String.format(Locale.ROOT, "%,.0f", rate);
        return String.format(Locale.ROOT, rate >= 10 ? "%.1f" : "%.2f", rate);
    }
}
