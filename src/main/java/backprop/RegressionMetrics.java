package backprop;

import java.util.Locale;

/**
 * How well predicted values match numeric targets, in the targets' own units: mean squared error, its root, mean
 * absolute error over rows x outputs, and R^2 ({@code 1 - SS_res / SS_tot}) per output, averaged over the outputs as
 * scikit-learn's {@code r2_score} does by default. An output whose targets are all equal scores R^2 1 when it is
 * predicted exactly, else 0, as scikit-learn's does.
 */
public final class RegressionMetrics {

    private final long rows;
    private final double mse;
    private final double mae;
    private final double r2;

    private RegressionMetrics(long rows, double mse, double mae, double r2) {
        this.rows = rows;
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
    }

    /** The metrics of {@code predicted} against {@code actual}, both {@code rows x outputs} row-major. */
    public static RegressionMetrics of(float[] predicted, float[] actual, int rows, int outputs) {
        if (rows <= 0 || outputs <= 0) throw new IllegalArgumentException("no values to compare");
        double squares = 0;
        double absolutes = 0;
        double r2Sum = 0;
        for (int j = 0; j < outputs; j++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += actual[r * outputs + j];
            mean /= rows;
            double residual = 0;
            double total = 0;
            for (int r = 0; r < rows; r++) {
                int i = r * outputs + j;
                double error = (double) predicted[i] - actual[i];
                residual += error * error;
                absolutes += Math.abs(error);
                total += (actual[i] - mean) * (actual[i] - mean);
            }
            squares += residual;
            r2Sum += total > 0 ? 1 - residual / total : residual == 0 ? 1 : 0;
        }
        long count = (long) rows * outputs;
        return new RegressionMetrics(rows, squares / count, absolutes / count, r2Sum / outputs);
    }

    public long rows() {
        return rows;
    }

    public double mse() {
        return mse;
    }

    public double rmse() {
        return Math.sqrt(mse);
    }

    public double mae() {
        return mae;
    }

    public double r2() {
        return r2;
    }

    /** {@code MSE 0.0123  RMSE 0.1109  MAE 0.0871  R^2 0.9712}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MSE %.4g  RMSE %.4g  MAE %.4g  R^2 %.4f", mse, rmse(), mae, r2);
    }
}
