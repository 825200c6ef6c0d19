package backprop.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static backprop.kernel.vector.Vectors.LANES;
import static backprop.kernel.vector.Vectors.SPECIES;
import static backprop.kernel.vector.Vectors.VECTOR_CLASS;

/**
 * Copies a panel of the right-hand matrix {@code B} into the contiguous, zero-padded layout the register tiles read:
 * {@code panel[p * width + c] = scale * B(p, j0 + c)}, {@code width} a whole number of vectors. The scale rides on
 * the copy so that the tiles broadcast {@code A} straight from memory.
 */
final class Packing {

    /** {@code 0, 1, ..., LANES - 1}: compared with a count, the mask of a vector's first lanes. */
    private static final float[] LANE_INDEXES = new float[LANES];

    static {
        for (int i = 0; i < LANES; i++) LANE_INDEXES[i] = i;
    }

    /**
     * The side of the square blocks {@link #packTransposed} transposes in registers: a vector's floats, where
     * {@link BlockTransposes} has that size; 0 (none) otherwise.
     */
    static final int TRANSPOSE_BLOCK = LANES == 4 || LANES == 8 || LANES == 16 ? LANES : 0;

    private Packing() {
    }

    private static void transposeBlock(float[] from, int fromOffset, int fromStride, float[] to, int toOffset,
                                       int toStride) {
        if (TRANSPOSE_BLOCK == 16) {
            BlockTransposes.transpose16(from, fromOffset, fromStride, to, toOffset, toStride);
        } else if (TRANSPOSE_BLOCK == 8) {
            BlockTransposes.transpose8(from, fromOffset, fromStride, to, toOffset, toStride);
        } else {
            BlockTransposes.transpose4(from, fromOffset, fromStride, to, toOffset, toStride);
        }
    }

    /**
     * Packs {@code inner} rows of {@code valid} columns of {@code B(p, c) = b[offset + p * innerStride + c *
     * colStride]} into {@code panel} ({@code inner * width} floats), zero past the valid columns. Row-major {@code B}
     * ({@code colStride == 1}: a weight gradient's delta, a forward product's {@code W}) is copied a vector at a
     * time; a transposed one ({@code W^T} of the backward delta) is gathered eight source rows at once.
     */
    static void pack(float[] b, int offset, int innerStride, int colStride, int inner, int valid, int width,
                     float scale, float[] panel) {
        if (colStride == 1) {
            packRows(b, offset, innerStride, inner, valid, width, scale, panel);
        } else {
            packTransposed(b, offset, innerStride, colStride, inner, valid, width, scale, panel, 0);
        }
    }

    /**
     * Every panel of a forward product's {@code W} ({@code inner x cols}, row-major) for tiles {@code tileVectors}
     * wide, one after another: panel {@code q}, {@code width} columns from column {@code j0}
     * ({@link Blocking#panelStart}), is {@code inner x width} floats from {@code inner * j0}, zero past the valid
     * columns. Made once for weights that no longer change ({@link GemmDriver#multiplyPacked}).
     */
    static float[] packPanels(float[] weights, int inner, int cols, int tileVectors) {
        int vectors = (cols + LANES - 1) / LANES;
        float[] packed = new float[inner * vectors * LANES];
        float[] panel = new float[inner * Blocking.MAX_TILE_VECTORS * LANES];
        for (int q = 0; q < Blocking.panelCount(cols, tileVectors); q++) {
            int j0 = Blocking.panelStart(q, cols, tileVectors);
            int width = Blocking.panelVectors(q, cols, tileVectors) * LANES;
            pack(weights, j0, cols, 1, inner, Math.min(width, cols - j0), width, 1f, panel);
            System.arraycopy(panel, 0, packed, inner * j0, inner * width);
        }
        return packed;
    }

    private static void packRows(float[] b, int offset, int innerStride, int inner, int valid, int width,
                                 float scale, float[] panel) {
        int copied = SPECIES.loopBound(valid);
        int partial = valid - copied;
        int zeroFrom = partial == 0 ? valid : copied + LANES;
        // a partial last vector (10 outputs) is loaded whole and its lanes past the valid columns zeroed, on every
        // row where that load ends inside B's region (all but the last rows); element by element, this copy costs
        // as much as a small product's arithmetic
        int room = (inner - 1) * innerStride + partial - LANES;
        int vectorRows = partial == 0 || room < 0 ? 0 : Math.min(inner, room / innerStride + 1);
        for (int p = 0; p < inner; p++) {
            int from = offset + p * innerStride;
            int to = p * width;
            for (int c = 0; c < copied; c += LANES) {
                VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, b, from + c)).mul(scale).intoArray(panel, to + c);
            }
            if (p < vectorRows) {
                FloatVector row = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, b, from + copied)).mul(scale);
                VectorMask<Float> inside = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, LANE_INDEXES, 0))
                        .compare(VectorOperators.LT, (float) partial);
                VECTOR_CLASS.cast(VECTOR_CLASS.cast(FloatVector.zero(SPECIES)).blend(row, inside))
                        .intoArray(panel, to + copied);
            } else {
                for (int c = copied; c < zeroFrom; c++) panel[to + c] = c < valid ? scale * b[from + c] : 0f;
            }
            for (int c = zeroFrom; c < width; c += LANES) {
                VECTOR_CLASS.cast(FloatVector.zero(SPECIES)).intoArray(panel, to + c);
            }
        }
    }

    /**
     * Where {@code B}'s columns are contiguous and unscaled ({@code innerStride == 1}, {@code scale == 1}: {@code
     * W^T}, a row tile of {@code A}), square blocks of {@link #TRANSPOSE_BLOCK} source rows by as many inner steps
     * are transposed in registers ({@link BlockTransposes}). The rest is copied element by element with eight source
     * rows walked together, each panel row receiving eight adjacent floats at a time, so that every store lands in a
     * cache line just written; one source row at a time stores to a new line every element. Vector gathers are
     * slower than either.
     */
    static void packTransposed(float[] b, int offset, int innerStride, int colStride, int inner, int valid,
                               int width, float scale, float[] panel, int panelOffset) {
        int c = 0;
        if (innerStride == 1 && scale == 1f && TRANSPOSE_BLOCK > 0) {
            int blockedInner = inner - inner % TRANSPOSE_BLOCK;
            for (; c + TRANSPOSE_BLOCK <= valid; c += TRANSPOSE_BLOCK) {
                int from = offset + c * colStride;
                for (int p = 0; p < blockedInner; p += TRANSPOSE_BLOCK) {
                    transposeBlock(b, from + p, colStride, panel, panelOffset + p * width + c, width);
                }
                // scalar tail: the last inner steps
                for (int p = blockedInner; p < inner; p++) {
                    for (int k = 0; k < TRANSPOSE_BLOCK; k++) {
                        panel[panelOffset + p * width + c + k] = b[from + k * colStride + p];
                    }
                }
            }
        }
        for (; c + 8 <= valid; c += 8) {
            int from = offset + c * colStride;
            for (int p = 0; p < inner; p++) {
                int to = panelOffset + p * width + c;
                int at = from + p * innerStride;
                panel[to] = scale * b[at];
                panel[to + 1] = scale * b[at + colStride];
                panel[to + 2] = scale * b[at + 2 * colStride];
                panel[to + 3] = scale * b[at + 3 * colStride];
                panel[to + 4] = scale * b[at + 4 * colStride];
                panel[to + 5] = scale * b[at + 5 * colStride];
                panel[to + 6] = scale * b[at + 6 * colStride];
                panel[to + 7] = scale * b[at + 7 * colStride];
            }
        }
        for (; c < valid; c++) {
            int from = offset + c * colStride;
            for (int p = 0; p < inner; p++) panel[panelOffset + p * width + c] = scale * b[from + p * innerStride];
        }
        for (c = valid; c < width; c++) {
            for (int p = 0; p < inner; p++) panel[panelOffset + p * width + c] = 0f;
        }
    }

    /** Copies a block of {@code rows x cols} between two row-major arrays of their own strides. */
    static void copyBlock(float[] from, int fromOffset, int fromStride, float[] to, int toOffset, int toStride,
                          int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(from, fromOffset + i * fromStride, to, toOffset + i * toStride, cols);
        }
    }
}
