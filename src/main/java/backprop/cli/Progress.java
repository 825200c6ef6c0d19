package backprop.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Training progress: on a terminal a bar redrawn in place a few times a second, so that long epochs show movement;
 * when the output is a file or a pipe one line per epoch, so logs stay readable; nothing with {@code --quiet}.
 */
abstract class Progress {

    /** {@code rowsDone} tells, from any thread, how far the running epoch has got. */
    static Progress create(PrintWriter out, boolean quiet, int epochs, int rows, IntSupplier rowsDone) {
        if (quiet) return new Progress() {
            @Override void epoch(int epoch, double loss, double accuracy, double testAccuracy,
                                 double validationLoss, double learningRate, double seconds) {
            }
        };
        return System.console() != null ? new Bar(out, epochs, rows, rowsDone) : new Lines(out, epochs);
    }

    /**
     * Epoch {@code epoch} (1-based) is done at {@code learningRate}; {@code seconds} is how long it took. NaN
     * accuracies, a NaN validation loss (no validation rows) and a NaN rate (a constant one) are not shown.
     */
    abstract void epoch(int epoch, double loss, double accuracy, double testAccuracy, double validationLoss,
                        double learningRate, double seconds);

    /** {@code "  val_loss 0.1234"}, or nothing for NaN. */
    static String validation(double validationLoss) {
        return Double.isNaN(validationLoss) ? "" : String.format(Locale.ROOT, "  val_loss %.4f", validationLoss);
    }

    /** {@code "  lr 0.05"}, or nothing for a NaN rate. */
    static String rate(double learningRate) {
        return Double.isNaN(learningRate) ? "" : String.format(Locale.ROOT, "  lr %.4g", learningRate);
    }

    /** Ends the display before other output. */
    void finish() {
    }

    static String perSecond(double rate) {
        if (rate >= 100) return String.format(Locale.ROOT, "%,.0f", rate);
        return String.format(Locale.ROOT, rate >= 10 ? "%.1f" : "%.2f", rate);
    }

    /**
     * {@code epoch 3/20  loss 0.4123  acc 0.8812  test_acc 0.8701  3.2 epochs/s}, {@code val_loss 0.3012} and
     * {@code lr 0.05} before the speed.
     */
    private static final class Lines extends Progress {
        private final PrintWriter out;
        private final int epochs;

        Lines(PrintWriter out, int epochs) {
            this.out = out;
            this.epochs = epochs;
        }

        @Override
        void epoch(int epoch, double loss, double accuracy, double testAccuracy, double validationLoss,
                   double learningRate, double seconds) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", epoch, epochs,
                    loss));
            if (!Double.isNaN(accuracy)) line.append(String.format(Locale.ROOT, "  acc %.4f", accuracy));
            if (!Double.isNaN(testAccuracy)) line.append(String.format(Locale.ROOT, "  test_acc %.4f", testAccuracy));
            out.println(line.append(validation(validationLoss)).append(rate(learningRate)).append("  ").append(perSecond(1 / seconds)).append(" epochs/s"));
            out.flush();
        }
    }

    /** {@code [#####-------] 3/20  45%  loss 0.4123  test_acc 0.8701  52,000 rows/s  ETA 0:41}, under 80 columns. */
    private static final class Bar extends Progress {
        private static final int WIDTH = 12;
        private static final long REDRAW_MILLIS = 250;
        private final PrintWriter out;
        private final int epochs;
        private final int rows;
        private final IntSupplier rowsDone;
        private final long startNanos = System.nanoTime();
        private final ScheduledExecutorService redraws;
        private int epochsDone;
        private String metrics = "";

        Bar(PrintWriter out, int epochs, int rows, IntSupplier rowsDone) {
            this.out = out;
            this.epochs = epochs;
            this.rows = rows;
            this.rowsDone = rowsDone;
            redraws = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "backprop-progress");
                thread.setDaemon(true);
                return thread;
            });
            redraws.scheduleAtFixedRate(this::draw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        synchronized void epoch(int epoch, double loss, double accuracy, double testAccuracy, double validationLoss,
                                double learningRate, double seconds) {
            epochsDone = epoch;
            boolean test = !Double.isNaN(testAccuracy);
            double shown = test ? testAccuracy : accuracy;
            metrics = Double.isNaN(shown) ? String.format(Locale.ROOT, "loss %.4f", loss)
                    : String.format(Locale.ROOT, "loss %.4f  %s %.4f", loss, test ? "test_acc" : "acc", shown);
            metrics += validation(validationLoss) + rate(learningRate);
            draw();
        }

        private synchronized void draw() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            // between epochs the counter still shows the finished epoch's rows
            int partial = Math.min(rowsDone.getAsInt(), rows);
            if (partial == rows) partial = 0;
            double done = Math.min(epochs, epochsDone + (double) partial / rows);
            int filled = (int) (WIDTH * done / epochs);
            long eta = done > 0 ? Math.round(seconds / done * (epochs - done)) : 0;
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d %3d%%  %s  %s rows/s  ETA %d:%02d ", "#".repeat(filled),
                    "-".repeat(WIDTH - filled), Math.min(epochsDone + 1, epochs), epochs,
                    epochsDone == epochs ? 100 : (int) (100.0 * partial / rows),
                    metrics, perSecond((epochsDone * (double) rows + partial) / seconds), eta / 60, eta % 60);
            out.flush();
        }

        @Override
        void finish() {
            redraws.shutdownNow();
            synchronized (this) {
                draw();
                out.println();
                out.flush();
            }
        }
    }
}
