package backprop.kernel.vector;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every generated register tile, in both of its loop forms (contiguous rows of {@code A}, and {@code A} read down its
 * columns) and both of its starts (a base apart, and the block itself), against a plain loop, at every inner length up to 37, with strides wider than the tile so that a tile
 * that reads or writes outside its own rows and columns is caught. Runs at the machine's width and, through the pom,
 * at 128 and 256 bits.
 */
@Tag("vector-equivalence")
class MicroKernelsTest {

    private static final float SENTINEL = -777.25f;

    @Test
    void everyTileShapeComputesItsBlock() {
        Random random = new Random(11);
        int lanes = Vectors.LANES;
        for (int rows = 1; rows <= MicroKernels.MAX_ROWS; rows++) {
            for (int vectors = 1; vectors <= MicroKernels.MAX_VECTORS; vectors++) {
                for (boolean byColumns : new boolean[] {false, true}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        for (int inner = 0; inner <= 37; inner++) {
                            check(random, rows, vectors, byColumns, inPlace, inner, lanes);
                        }
                    }
                }
            }
        }
    }

    private static void check(Random random, int rows, int vectors, boolean byColumns, boolean inPlace, int inner,
                              int lanes) {
        int width = vectors * lanes;
        int aRows = rows + 3;
        float[] a = randoms(random, 5 + aRows * (inner + 2));
        int aOffset = 5;
        // by rows: A(i, p) = a[offset + i * (inner + 2) + p]; by columns: a[offset + i + p * (aRows)]
        int aRowStride = byColumns ? 1 : inner + 2;
        int aInnerStride = byColumns ? aRows : 1;
        int panelStride = width + lanes;
        float[] panel = randoms(random, 3 + Math.max(1, inner) * panelStride);
        int panelOffset = 3;
        int outStride = width + 5;
        float[] base = randoms(random, 7 + rows * outStride);
        float[] out = new float[7 + rows * outStride + lanes];
        Arrays.fill(out, SENTINEL);
        if (inPlace) {
            for (int i = 0; i < rows; i++) System.arraycopy(base, 7 + i * outStride, out, 7 + i * outStride, width);
            MicroKernels.tileInPlace(rows, vectors, a, aOffset, aRowStride, aInnerStride, panel, panelOffset,
                    panelStride, inner, out, 7, outStride);
        } else {
            MicroKernels.tile(rows, vectors, a, aOffset, aRowStride, aInnerStride, panel, panelOffset, panelStride,
                    inner, base, 7, outStride, out, 7, outStride);
        }
        String what = rows + " x " + vectors + (byColumns ? " by columns" : " by rows") + (inPlace ? " in place" : "")
                + ", inner " + inner;
        for (int i = 0; i < out.length; i++) {
            int row = (i - 7) / outStride;
            int col = (i - 7) % outStride;
            boolean inside = i >= 7 && row < rows && col < width;
            if (!inside) {
                if (out[i] != SENTINEL) fail(what + ": wrote outside its block at " + i);
                continue;
            }
            double expected = base[i];
            double magnitude = Math.abs(base[i]);
            for (int p = 0; p < inner; p++) {
                double term = (double) a[aOffset + row * aRowStride + p * aInnerStride]
                        * panel[panelOffset + p * panelStride + col];
                expected += term;
                magnitude += Math.abs(term);
            }
            assertEquals(expected, out[i], 1e-6 * (magnitude + 1), what + " at row " + row + ", column " + col);
        }
    }

    private static float[] randoms(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = random.nextFloat() * 2f - 1f;
        return values;
    }
}
