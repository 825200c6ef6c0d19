package backprop;

import java.util.Arrays;
import java.util.Locale;

/**
 * A per-column affine map {@code x' = (x - shift) * scale} learned from training rows and stored in the model file,
 * so that evaluate and predict see inputs the way training did.
 */
public final class Normalization {

    /** How inputs are scaled. */
    public enum Method {
        /** Inputs as they are. */
        NONE,
        /** Each column mapped to [0, 1] by its training minimum and maximum. */
        MINMAX,
        /** Each column to mean 0 and standard deviation 1 on the training rows. */
        STANDARD;

        /** The method named {@code none}, {@code minmax} or {@code standard}. */
        public static Method parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown normalization '" + name
                        + "' (expected none, minmax or standard)");
            }
        }

        /** The name in the model file and on the command line. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Method method;
    private final float[] shift;
    private final float[] scale;

    /** A scaling that maps column {@code c} as {@code (x - shift[c]) * scale[c]}. */
    public Normalization(Method method, float[] shift, float[] scale) {
        if (shift.length != scale.length) throw new IllegalArgumentException("shift and scale differ in length");
        this.method = method;
        this.shift = shift.clone();
        this.scale = scale.clone();
    }

    /**
     * {@code {min, max}} of every column, read row by row: a column's values lie a row apart, and a pass down each
     * column in turn would fetch every cache line of the data once per column it holds.
     */
    private static float[][] ranges(float[] values, int rows, int columns) {
        float[] min = new float[columns];
        float[] max = new float[columns];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int c = 0; c < columns; c++) {
                float v = values[row + c];
                min[c] = Math.min(min[c], v);
                max[c] = Math.max(max[c], v);
            }
        }
        return new float[][] {min, max};
    }

    /**
     * How differently scaled the columns are: the widest column's range (max - min) over the narrowest one's, among
     * the columns that vary; 1 when fewer than two do.
     */
    public static double rangeRatio(float[] values, int rows, int columns) {
        double widest = 0;
        double narrowest = Double.POSITIVE_INFINITY;
        float[][] ranges = ranges(values, rows, columns);
        for (int c = 0; c < columns; c++) {
            double width = (double) ranges[1][c] - ranges[0][c];
            if (width > 0) {
                widest = Math.max(widest, width);
                narrowest = Math.min(narrowest, width);
            }
        }
        return widest > 0 && narrowest < widest ? widest / narrowest : 1;
    }

    /** Statistics over {@code rows x columns} values; a constant column maps to zero rather than dividing by 0. */
    public static Normalization fit(Method method, float[] values, int rows, int columns) {
        float[] shift = new float[columns];
        float[] scale = new float[columns];
        Arrays.fill(scale, 1f);
        if (method == Method.NONE || rows == 0) return new Normalization(method, shift, scale);
        if (method == Method.MINMAX) {
            float[][] ranges = ranges(values, rows, columns);
            for (int c = 0; c < columns; c++) {
                float min = ranges[0][c];
                float max = ranges[1][c];
                shift[c] = min;
                scale[c] = max > min ? 1f / (max - min) : 1f;
            }
            return new Normalization(method, shift, scale);
        }
        // each column's sums in row order, as a pass down the column would add them, but read row by row
        double[] sums = new double[columns];
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int c = 0; c < columns; c++) sums[c] += values[row + c];
        }
        double[] means = new double[columns];
        for (int c = 0; c < columns; c++) means[c] = sums[c] / rows;
        double[] squares = new double[columns];
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int c = 0; c < columns; c++) {
                double d = values[row + c] - means[c];
                squares[c] += d * d;
            }
        }
        for (int c = 0; c < columns; c++) {
            double std = Math.sqrt(squares[c] / rows);
            shift[c] = (float) means[c];
            scale[c] = std > 0 ? (float) (1.0 / std) : 1f;
        }
        return new Normalization(method, shift, scale);
    }

    /** Normalises {@code rows x columns()} values in place. */
    public void apply(float[] values, int rows) {
        int columns = shift.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                values[i] = (values[i] - shift[c]) * scale[c];
            }
        }
    }

    /**
     * The largest shift, in normalised units ({@code |shift * scale|}), that {@link #foldInto} takes: a raw value
     * times its scale is then at most this much larger than the normalised value, so the folded sums round a few
     * times as coarsely as the unfolded ones, still far below float's 1e-5 of the outputs. A column far from zero (a
     * year, a timestamp) would cancel most of its digits against the folded bias instead.
     */
    static final double MAX_FOLDED_SHIFT = 4;

    /** Whether every column's shift is within {@link #MAX_FOLDED_SHIFT} normalised units, so that it folds. */
    public boolean foldsIntoWeights() {
        for (int c = 0; c < shift.length; c++) {
            if (!(Math.abs((double) shift[c] * scale[c]) <= MAX_FOLDED_SHIFT)) return false;
        }
        return true;
    }

    /**
     * Rewrites the weights {@code (columns() x outputs)} and biases of a layer that reads these normalised columns so
     * that it reads raw ones instead, the same affine map:
     * {@code W'[c][j] = scale[c] W[c][j]}, {@code b'[j] = b[j] - sum_c shift[c] scale[c] W[c][j]} (summed in double).
     * A server then multiplies raw rows without a pass over them first.
     */
    public void foldInto(float[] weights, float[] biases, int outputs) {
        int columns = shift.length;
        double[] offsets = new double[outputs];
        for (int c = 0; c < columns; c++) {
            double shifted = (double) shift[c] * scale[c];
            for (int j = 0; j < outputs; j++) {
                int i = c * outputs + j;
                offsets[j] += shifted * weights[i];
                weights[i] *= scale[c];
            }
        }
        for (int j = 0; j < outputs; j++) biases[j] = (float) (biases[j] - offsets[j]);
    }

    /** Maps {@code rows x columns()} normalised values back in place: {@code x = x' / scale + shift}. */
    public void undo(float[] values, int rows) {
        int columns = shift.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                values[i] = values[i] / scale[c] + shift[c];
            }
        }
    }

    /** The method this scaling was fitted with. */
    public Method method() {
        return method;
    }

    /** The number of input columns. */
    public int columns() {
        return shift.length;
    }

    /** Subtracted from each column first. */
    public float[] shift() {
        return shift.clone();
    }

    /** Then multiplied into each column. */
    public float[] scale() {
        return scale.clone();
    }
}
