package backprop.kernel.vector;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transposed pack equals its definition, element by element, through every path it takes: the register
 * blocks of this run's vector width ({@link BlockTransposes}), their scalar tail of inner steps, and the
 * element-wise walks for the columns past the last block, for a scale and for {@code B}'s rows not contiguous.
 */
@Tag("vector-equivalence")
class PackingTest {

    private static final float UNTOUCHED = -7f;

    @Test
    void transposedPackMatchesItsDefinitionOnEverySize() {
        Random random = new Random(11);
        int blocked = 0;
        for (int inner = 1; inner <= 67; inner++) {
            for (int valid = 1; valid <= 35; valid += inner % 3 + 1) {
                int width = (valid + Vectors.LANES - 1) / Vectors.LANES * Vectors.LANES;
                for (float scale : new float[] {1f, -0.25f}) {
                    checkTransposed(random, inner, valid, width, scale, 1, valid + 3);
                    checkTransposed(random, inner, valid, width, scale, valid + 2, 1);
                }
                if (inner >= Packing.TRANSPOSE_BLOCK && valid >= Packing.TRANSPOSE_BLOCK) blocked++;
            }
        }
        assertTrue(Packing.TRANSPOSE_BLOCK == Vectors.LANES, "register transposes at " + Vectors.LANES + " lanes");
        assertTrue(blocked > 0, "some sizes hold whole blocks of " + Packing.TRANSPOSE_BLOCK);
    }

    @Test
    void transposedPackOfAWideLayerRunsWholeBlocks() {
        // a wide layer's W^T: every panel is whole blocks of the register transpose
        int inner = 8 * Vectors.LANES + 5;
        checkTransposed(new Random(5), inner, 3 * Vectors.LANES, 3 * Vectors.LANES, 1f, 1, inner + 1);
    }

    /**
     * Packs {@code B(p, c) = b[offset + p * innerStride + c * colStride]} into a panel placed past some untouched
     * floats, and compares every float of the array with the definition: the panel's rows, zero past the valid
     * columns, and nothing written outside it.
     */
    private static void checkTransposed(Random random, int inner, int valid, int width, float scale, int innerStride,
                                        int colStride) {
        int offset = 3;
        float[] b = randomArray(random, offset + (inner - 1) * innerStride + (valid - 1) * colStride + 1 + 4);
        int panelOffset = 5;
        float[] panel = new float[panelOffset + inner * width + 6];
        Arrays.fill(panel, UNTOUCHED);
        Packing.packTransposed(b, offset, innerStride, colStride, inner, valid, width, scale, panel, panelOffset);
        float[] expected = new float[panel.length];
        Arrays.fill(expected, UNTOUCHED);
        for (int p = 0; p < inner; p++) {
            for (int c = 0; c < width; c++) {
                expected[panelOffset + p * width + c] = c < valid ? scale * b[offset + p * innerStride + c * colStride] : 0f;
            }
        }
        assertArrayEquals(expected, panel, "inner " + inner + ", valid " + valid + ", width " + width + ", scale " + scale
                + ", strides " + innerStride + "/" + colStride + ", " + Vectors.LANES + " lanes");
    }

    private static float[] randomArray(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = random.nextFloat() * 2f - 1f;
        return values;
    }
}
