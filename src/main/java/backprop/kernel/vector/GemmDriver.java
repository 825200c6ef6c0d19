package backprop.kernel.vector;

import backprop.Activation;

import java.util.Arrays;

import static backprop.kernel.vector.Vectors.LANES;

/**
 * The macro-kernel of the vector GEMM: {@code dst (rows x cols) = finish(base + A (scale B))}, cut into column
 * panels (see {@link Blocking#panelStart}) and, within a panel, blocks of the inner dimension and register tiles
 * of the shape the blocking gives its operand layout ({@link Blocking#tileFor}). Each panel of {@code B} is packed once ({@link Packing}) and every row tile of it
 * runs the register tile of its shape ({@link MicroKernels}) with {@code A} read where it lies, or, in products
 * of many panels ({@link Blocking#packsRowTiles}), from a copy of its row tiles laid down their columns; a finished tile gets
 * its epilogue ({@link Epilogues}) while it is in L1. Threads share the tiles through {@link WorkSharing}.
 *
 * <p>The three products of a training step differ only in the strides their operands are read with, where the
 * accumulators start and what finishes a tile; see {@link Product}. Partial tiles (the last columns of a narrow
 * panel) are computed whole in scratch and only their valid part copied back, so no load or store ever reaches
 * past a region or an array (on JDK 17 masked accesses that reach past an array allocate).
 *
 * <p>Scratch arrays grow on first use for a shape and are reused after that, so training allocates nothing once
 * warm. An instance is used from one thread at a time.
 */
final class GemmDriver {

    /** Where a product's accumulators start and what happens to a finished tile. */
    enum Product {
        /** {@code bias + A W}, then the activation. */
        FORWARD,
        /** {@code (dZ W^T) * f'(aux)}, from zero. */
        BACKWARD_DELTA,
        /** {@code dst + scale * (A^T dZ)}: with {@code scale = -lr/m} aimed at the weights, the SGD update. */
        WEIGHT_GRADIENT,
        /** {@code A B} from zero, plus {@code aux} (the first half's sum of a forward product), then the activation. */
        FORWARD_ADDED
    }

    /** The scratch one thread needs for its tiles. */
    private static final class Scratch {
        float[] panel = new float[0];
        /** The panel {@link #panel} holds for the current product, or -1. */
        int packedPanel = -1;
        final float[] tile = new float[MicroKernels.MAX_ROWS * Blocking.MAX_TILE_VECTORS * LANES];
        final float[] auxTile = new float[MicroKernels.MAX_ROWS * Blocking.MAX_TILE_VECTORS * LANES];
        final float[] panelBias = new float[Blocking.MAX_TILE_VECTORS * LANES];
        final float[] tail = new float[LANES];
        /** The rows of a product with fewer rows than a tile, one inner block of them, padded to a whole tile. */
        float[] paddedA = new float[0];
        /** Where in {@code A} the rows {@link #paddedA} holds start, for the current product, or -1. */
        int paddedFrom = -1;
    }

    private final Blocking blocking;
    private final Scratch[] scratch;
    private final KernelWorkers workers;
    private final WorkSharing sharing;
    private final WorkSharing.Range range = this::multiplyRange;
    private final KernelWorkers.Task part = this::multiplyPart;
    private final float[] zeros = new float[Blocking.MAX_TILE_VECTORS * LANES];

    // the product being computed, read by every thread that takes part in it
    private Product product;
    private float[] a;
    private int aBase;
    private int aRowStride;
    private int aInnerStride;
    private int rows;
    private int inner;
    private float[] b;
    private int bBase;
    private int bInnerStride;
    private int bColStride;
    private int cols;
    private float[] bias;
    private float scale;
    private Activation activation;
    private Epilogues.Op op;
    private float[] aux;
    private float[] dst;
    private Blocking.Tile tile;
    /** Whether {@code b} holds every panel of a forward product's {@code W} already packed ({@link Packing#packPanels}). */
    private boolean prepacked;
    /** The tiles of {@code A} laid down their columns, when a product packs them. */
    private float[] packedA = new float[0];
    /** Whether the current product reads {@link #packedA}, whose last tile is padded with zero rows. */
    private boolean tilesPacked;
    // where a tile finds its A: the array, the offset of row i0 and inner step p0, and the strides the tile reads with
    private float[] tileA;
    private int tileABase;
    private int tileRowStep;
    private int tileInnerStep;
    private int tileARowStride;
    private int tileAInnerStride;

    /** A driver that computes on the calling thread and, when {@code workers} is not null, on theirs too. */
    GemmDriver(Blocking blocking, KernelWorkers workers) {
        this.blocking = blocking;
        this.workers = workers;
        int threads = workers == null ? 1 : workers.parts();
        this.scratch = new Scratch[threads];
        for (int t = 0; t < threads; t++) scratch[t] = new Scratch();
        this.sharing = new WorkSharing(threads);
    }

    /**
     * The forward product {@code dst = activation(bias + A W)}, {@code A} row-major from {@code aBase}, on a {@code W}
     * ({@code inner x cols}) whose panels {@link Packing#packPanels} laid out with this blocking's row tile: the
     * tiles read them where they lie, so nothing is packed per call.
     */
    void multiplyPacked(float[] a, int aBase, int rows, int inner, float[] packed, int cols, float[] bias,
                        Activation activation, float[] dst) {
        prepacked = true;
        try {
            multiply(Product.FORWARD, a, aBase, inner, 1, rows, inner, packed, 0, cols, 1, cols, bias, 1f, activation,
                    null, dst);
        } finally {
            prepacked = false;
        }
    }

    /**
     * {@code dst = finish(base + A (scale B))}, where {@code A(i, p) = a[aBase + i * aRowStride + p * aInnerStride]}
     * (one of the two strides 1) and {@code B(p, c) = b[bBase + p * bInnerStride + c * bColStride]}, {@code p <
     * inner}. The base is the bias (forward), zero (backward delta, the second half of a forward product) or
     * {@code dst} itself (weight gradient); {@code aux}, shaped like {@code dst}, is the layer output whose
     * derivative the backward delta multiplies in, or the first half's sum that the second half adds. A forward
     * product with a {@code null} activation leaves the sums unactivated.
     */
    void multiply(Product product, float[] a, int aBase, int aRowStride, int aInnerStride, int rows, int inner,
                  float[] b, int bBase, int bInnerStride, int bColStride, int cols,
                  float[] bias, float scale, Activation activation, float[] aux, float[] dst) {
        if (aInnerStride != 1 && aRowStride != 1) {
            throw new IllegalArgumentException("A must have contiguous rows or columns");
        }
        this.product = product;
        this.a = a;
        this.aBase = aBase;
        this.aRowStride = aRowStride;
        this.aInnerStride = aInnerStride;
        this.rows = rows;
        this.inner = inner;
        this.b = b;
        this.bBase = bBase;
        this.bInnerStride = bInnerStride;
        this.bColStride = bColStride;
        this.cols = cols;
        this.bias = bias;
        this.scale = scale;
        this.activation = activation;
        this.op = activation != null && activation.isElementwise() ? Epilogues.Op.of(activation) : null;
        this.aux = aux;
        this.dst = dst;
        boolean packA = aInnerStride == 1 ? blocking.packsRowTiles(rows, cols, aRowStride)
                : blocking.packsColumnTiles(rows, cols, aInnerStride);
        // packed, A is read down its columns
        this.tile = packA ? blocking.columnTile : blocking.tileFor(aInnerStride);
        int tiles = (rows + tile.rows - 1) / tile.rows;
        tilesPacked = packA;
        if (packA) {
            packTiles(tiles);
        } else {
            tileA = a;
            tileABase = aBase;
            tileRowStep = aRowStride;
            tileInnerStep = aInnerStride;
            tileARowStride = aRowStride;
            tileAInnerStride = aInnerStride;
        }
        int parts = workers == null ? 1 : blocking.threadsFor((long) rows * inner * cols, workers.partsInUse());
        sharing.start(Blocking.panelCount(cols, tile.vectors), tiles, parts);
        if (parts == 1) {
            multiplyPart(0, 1);
        } else {
            workers.run(part, parts);
        }
        // drop the references, so that the driver keeps no caller's arrays alive
        this.a = this.b = this.bias = this.aux = this.dst = this.tileA = null;
    }

    /**
     * Copies {@code A}'s tiles into {@link #packedA} laid down their columns: tile {@code t} holds {@code A(t R + i,
     * p)} at {@code t R inner + p R + i}, so that a tile's broadcasts at one inner step lie side by side. Rows of
     * {@code A} contiguous are transposed; read down its columns (a weight gradient's input), a tile's step is
     * already side by side in {@code a} and is copied as it is.
     */
    private void packTiles(int tiles) {
        int tileRows = tile.rows;
        if (packedA.length < tiles * tileRows * inner) packedA = new float[tiles * tileRows * inner];
        for (int t = 0; t < tiles; t++) {
            int i0 = t * tileRows;
            int height = Math.min(tileRows, rows - i0);
            if (aInnerStride == 1) {
                Packing.packTransposed(a, aBase + i0 * aRowStride, 1, aRowStride, inner, height, tileRows, 1f,
                        packedA, i0 * inner);
            } else {
                Packing.copyBlock(a, aBase + i0 * aRowStride, aInnerStride, packedA, i0 * inner, tileRows, inner,
                        height);
                // the rows past A's own in its last tile: zero, as the transposing pack leaves them
                for (int p = 0; height < tileRows && p < inner; p++) {
                    Arrays.fill(packedA, i0 * inner + p * tileRows + height, i0 * inner + (p + 1) * tileRows, 0f);
                }
            }
        }
        tileA = packedA;
        tileABase = 0;
        tileRowStep = inner;
        tileInnerStep = tileRows;
        tileARowStride = 1;
        tileAInnerStride = tileRows;
    }

    private void multiplyPart(int part, int parts) {
        scratch[part].packedPanel = -1;
        scratch[part].paddedFrom = -1;
        sharing.run(part, range);
    }

    /** Row tiles {@code firstTile..endTile-1} of column panel {@code q} of the current product, on thread {@code part}. */
    private void multiplyRange(int part, int q, int firstTile, int endTile) {
        Scratch s = scratch[part];
        int tileRows = tile.rows;
        int j0 = Blocking.panelStart(q, cols, tile.vectors);
        int vectors = Blocking.panelVectors(q, cols, tile.vectors);
        int width = vectors * LANES;
        int valid = Math.min(width, cols - j0);
        // B read where it lies when the pack would only copy it (a forward product's W, whose rows hold whole
        // vectors of the panel) and the blocking reads it in place; see Blocking.readsWeightsInPlace
        boolean direct = prepacked || bColStride == 1 && scale == 1f && valid == width
                && blocking.readsWeightsInPlace(inner, bInnerStride);
        if (!direct && s.packedPanel != q) {
            if (s.panel.length < inner * width) s.panel = new float[inner * Blocking.MAX_TILE_VECTORS * LANES];
            Packing.pack(b, bBase + j0 * bColStride, bInnerStride, bColStride, inner, valid, width, scale, s.panel);
            s.packedPanel = q;
        }
        float[] panel = direct ? b : s.panel;
        // packed whole, panel q starts after the panels left of it: inner rows of j0 columns
        int panelBase = prepacked ? inner * j0 : direct ? bBase + j0 : 0;
        int panelStride = prepacked ? width : direct ? bInnerStride : width;
        if (product == Product.FORWARD) {
            System.arraycopy(bias, j0, s.panelBias, 0, valid);
            Arrays.fill(s.panelBias, valid, width, 0f);
        }
        // a tile whose columns are not all valid is computed in scratch and its valid part copied in and out
        boolean whole = valid == width;
        int lastRow = Math.min(rows, endTile * tileRows);
        boolean inPlace = product == Product.WEIGHT_GRADIENT && blocking.gradientTilesInPlace;
        // the inner dimension in blocks, so that the block of the panel every row tile reads stays in cache
        for (int p0 = 0; p0 < inner; p0 += blocking.innerBlock) {
            int depth = Math.min(blocking.innerBlock, inner - p0);
            boolean last = p0 + depth == inner;
            boolean startFromDst = p0 > 0 || product == Product.WEIGHT_GRADIENT;
            for (int i0 = firstTile * tileRows; i0 < lastRow; i0 += tileRows) {
                int height = Math.min(tileRows, rows - i0);
                // A short last tile of a product whose rows are a batch's runs as a whole one in scratch, whose
                // rows past its own are dropped: moved up over rows of the tile before it where A lies in place,
                // over the zero rows that pad a packed A, on a padded copy of A's rows where the product has fewer
                // rows than a tile. So a batch of another size (a data set's last) finds its tiles compiled: a tile
                // of its own height would run in C1's code, which allocates every vector, for hundreds of epochs.
                // A weight gradient's rows are a layer's inputs, the same every batch: its short tile runs as often
                // as its whole ones. Serving (W packed) keeps the short tiles too: a whole tile for one row
                // would be three times the latency, and a server's row counts are its callers'.
                boolean shortTile = height < tileRows && product != Product.WEIGHT_GRADIENT && !prepacked;
                boolean padded = shortTile && !tilesPacked && rows < tileRows;
                int first = shortTile && !tilesPacked && !padded ? rows - tileRows : i0;
                int computed = shortTile ? Math.min(tileRows, rows - first) : height;
                boolean inScratch = !whole || shortTile;
                int dstOffset = first * cols + j0;
                float[] out = inScratch ? s.tile : dst;
                int outOffset = inScratch ? 0 : dstOffset;
                int outStride = inScratch ? width : cols;
                if (inScratch && startFromDst) {
                    Packing.copyBlock(dst, dstOffset, cols, s.tile, 0, width, computed, valid);
                }
                int aOffset = tileABase + first * tileRowStep + p0 * tileInnerStep;
                float[] rowsOfA = tileA;
                int aRowStride = tileARowStride;
                int aInnerStride = tileAInnerStride;
                if (padded) {
                    rowsOfA = padRows(s, aOffset, tileRows, depth);
                    aOffset = 0;
                    aRowStride = depth;
                    aInnerStride = 1;
                }
                int panelOffset = panelBase + p0 * panelStride;
                int tileHeight = shortTile ? tileRows : height;
                if (inPlace) {
                    MicroKernels.tileInPlace(tileHeight, vectors, rowsOfA, aOffset, aRowStride, aInnerStride,
                            panel, panelOffset, panelStride, depth, out, outOffset, outStride);
                } else {
                    float[] base = startFromDst ? out : product == Product.FORWARD ? s.panelBias : zeros;
                    int baseOffset = startFromDst ? outOffset : 0;
                    int baseStride = startFromDst ? outStride : 0;
                    MicroKernels.tile(tileHeight, vectors, rowsOfA, aOffset, aRowStride, aInnerStride, panel,
                            panelOffset, panelStride, depth, base, baseOffset, baseStride, out, outOffset, outStride);
                }
                // a forward tile that spans all of a narrow product's columns is activated once copied back,
                // where its rows lie end to end: fewer vectors than its padded rows (10 columns: 5 for 8); only
                // when they fill whole vectors, since a tail through scratch was boxed in a JVM whose profiles
                // had seen every activation (TrapPollutionProbe on a busy machine)
                boolean activateInDst = last && inScratch && product == Product.FORWARD && op != null
                        && valid == cols && height * cols % LANES == 0;
                if (last && !activateInDst) finish(s, out, outOffset, outStride, dstOffset, computed, valid, width,
                        inScratch);
                if (inScratch) {
                    Packing.copyBlock(s.tile, (i0 - first) * width, width, dst, i0 * cols + j0, cols, height, valid);
                }
                if (activateInDst) Epilogues.apply(op, dst, i0 * cols + j0, height * cols, s.tail);
            }
        }
    }

    /**
     * The {@link #rows} rows of {@code A} from {@code aOffset} (its inner step {@code p0}), {@code depth} steps
     * of them, copied row-major into {@code s.paddedA}, whose rows past them hold whatever they held: the whole
     * tile computes them and nobody reads their results. Kept for the next panel, which reads the same rows when
     * the inner block is the same.
     */
    private float[] padRows(Scratch s, int aOffset, int tileRows, int depth) {
        if (s.paddedFrom == aOffset) return s.paddedA;
        if (s.paddedA.length < tileRows * depth) s.paddedA = new float[tileRows * blocking.innerBlock];
        float[] padded = s.paddedA;
        for (int i = 0; i < rows; i++) {
            int from = aOffset + i * tileARowStride;
            if (tileAInnerStride == 1) {
                System.arraycopy(tileA, from, padded, i * depth, depth);
            } else {
                for (int p = 0; p < depth; p++) padded[i * depth + p] = tileA[from + p * tileAInnerStride];
            }
        }
        s.paddedFrom = aOffset;
        return padded;
    }

    /** The epilogue of a tile whose last inner block is done, in scratch or where it lies in {@code dst}. */
    private void finish(Scratch s, float[] out, int outOffset, int outStride, int dstOffset, int height, int valid,
                        int width, boolean inScratch) {
        switch (product) {
            case FORWARD:
                if (op != null) Epilogues.activate(op, out, outOffset, outStride, height, valid);
                return;
            case WEIGHT_GRADIENT:
                return;
            default:
                float[] outAux = aux;
                if (inScratch) {
                    Packing.copyBlock(aux, dstOffset, cols, s.auxTile, 0, width, height, valid);
                    outAux = s.auxTile;
                }
                if (product == Product.BACKWARD_DELTA) {
                    Epilogues.multiplyByDerivative(activation, out, outOffset, outStride, height, valid, outAux);
                } else {
                    Epilogues.addAndActivate(op, out, outOffset, outStride, height, valid, outAux);
                }
        }
    }
}
