package backprop;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Normalization#fit} reads the rows in memory order and gives each column exactly the statistics of a pass
 * down that column: minimum and maximum, or mean and standard deviation summed in double in row order.
 */
class NormalizationFitTest {

    @Test
    void fitsEveryColumnAsAPassDownItWould() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int rows = 1 + random.nextInt(300);
            int columns = 1 + random.nextInt(40);
            float[] values = new float[rows * columns];
            for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * 100 + 7);
            // a constant column maps to scale 1
            for (int r = 0; r < rows; r++) values[r * columns] = 3f;
            Normalization minmax = Normalization.fit(Normalization.Method.MINMAX, values, rows, columns);
            Normalization standard = Normalization.fit(Normalization.Method.STANDARD, values, rows, columns);
            float[] minmaxShift = new float[columns];
            float[] minmaxScale = new float[columns];
            float[] standardShift = new float[columns];
            float[] standardScale = new float[columns];
            for (int c = 0; c < columns; c++) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    min = Math.min(min, values[r * columns + c]);
                    max = Math.max(max, values[r * columns + c]);
                    sum += values[r * columns + c];
                }
                double mean = sum / rows;
                double squares = 0;
                for (int r = 0; r < rows; r++) squares += (values[r * columns + c] - mean) * (values[r * columns + c] - mean);
                double std = Math.sqrt(squares / rows);
                minmaxShift[c] = min;
                minmaxScale[c] = max > min ? 1f / (max - min) : 1f;
                standardShift[c] = (float) mean;
                standardScale[c] = std > 0 ? (float) (1.0 / std) : 1f;
            }
            assertArrayEquals(minmaxShift, minmax.shift());
            assertArrayEquals(minmaxScale, minmax.scale());
            assertArrayEquals(standardShift, standard.shift());
            assertArrayEquals(standardScale, standard.scale());
            assertEquals(1f, minmax.scale()[0]);
            assertEquals(1f, standard.scale()[0]);
        }
    }

    @Test
    void rangeRatioComparesTheWidestVaryingColumnWithTheNarrowest() {
        // columns of ranges 2, 0 (constant) and 500
        float[] values = {0, 5, -100, 2, 5, 400, 1, 5, 0};
        assertEquals(250.0, Normalization.rangeRatio(values, 3, 3), 1e-9);
        assertEquals(1.0, Normalization.rangeRatio(new float[] {1, 1, 1, 1}, 2, 2));
    }
}
