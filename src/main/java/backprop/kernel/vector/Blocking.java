package backprop.kernel.vector;

import backprop.kernel.HotSpotOptions;

import java.util.Locale;

import static backprop.kernel.vector.Vectors.LANES;

/**
 * The blocking parameters of the vector GEMM, all in one place, chosen once for the machine's vector register file
 * (see docs/DESIGN.md, "Blocking for the register file").
 *
 * <p>A register tile keeps {@code rows x vectors} accumulators in registers, plus one register per panel vector and
 * at least one for a broadcast of {@code A}. With 32 vector registers (AVX-512, NEON) an 8 x 3 tile takes 28 of
 * them. With 16 (AVX2, and x86 below AVX-512 at any width) the tiles are 6 x 2, 12 accumulators as in BLIS's
 * Haswell kernel: JDK 25's C2 spills a 4 x 3 tile (the same 12 accumulators with three panel vectors) every step
 * where JDK 17 keeps it in registers, and 6 x 2 runs at the FMA ceiling on both; where {@code A} is read down its
 * columns C2 loads two broadcasts at once, and 4 x 3 spills on JDK 17 too. Read down the columns (the weight
 * gradient), C2 after JDK 17 holds three broadcasts at once and spills the 6 x 2 tile's panel vectors every step,
 * so there the column tile is 5 x 2 (10 accumulators); JDK 17's C2 keeps 6 x 2 in registers but spills the loop's
 * offsets of 5 x 2 into vector registers in some compilations, so it keeps 6 x 2. The number of
 * registers is not in any Java API; on x86 it follows from HotSpot's {@code UseAVX} flag (3
 * means EVEX encoding and 32 registers), as Lucene reads it. Chosen from the hardware rather than calibrated by
 * timing, because a timed calibration on a shared machine picks differently from run to run, and a tile that
 * spills is slower on every machine of its class.
 */
final class Blocking {

    /** A register tile's shape: {@code rows} rows of {@code A} by {@code vectors} vectors of columns. */
    static final class Tile {
        final int rows;
        final int vectors;

        Tile(int rows, int vectors) {
            if (rows < 1 || rows > MicroKernels.MAX_ROWS || vectors < 1 || vectors > MicroKernels.MAX_VECTORS) {
                throw new IllegalArgumentException("no " + rows + " x " + vectors + " tile is generated");
            }
            this.rows = rows;
            this.vectors = vectors;
        }

        @Override
        public String toString() {
            return rows + " x " + vectors;
        }
    }

    /** The system property that overrides the register count read from the JVM, for measuring another class. */
    static final String REGISTERS_PROPERTY = "backprop.vector.registers";
    /** The widest panel any blocking's tile covers, in vectors: what scratch is sized for. */
    static final int MAX_TILE_VECTORS = MicroKernels.MAX_VECTORS;

    private static final Blocking MACHINE = forRegisters(vectorRegisters());

    /** Vector registers the blocking was chosen for: 16 or 32. */
    final int registers;
    /** The tile of products whose {@code A} has contiguous rows (forward, backward delta). */
    final Tile rowTile;
    /** The tile of products whose {@code A} is read down its columns (the weight gradient). */
    final Tile columnTile;
    /**
     * Inner steps per pass over the row tiles, so that the part of a panel they all read (at most this many steps
     * of three vectors) stays in L2.
     */
    final int innerBlock;
    /** Multiply-adds below which a product runs as the scalar loops: packing and tiling cost more there. */
    final long smallProduct;
    /**
     * The fewest multiply-adds each thread of a product takes: a product runs on at most {@code multiplyAdds / this}
     * threads (OpenBLAS's rule in {@code interface/gemm.c}, whose constant this is), so that a small product stays
     * on the calling thread and a mid-sized one wakes only the threads it keeps busy: handing work to another core
     * and moving its lines there costs microseconds, as much as a small product's whole work.
     */
    final long multiplyAddsPerThread;
    /**
     * The widest row stride (floats) at which a forward product reads its {@code W} where it lies instead of packing
     * it: rows close together stream well; rows 4 KB apart fall into the same cache sets.
     */
    final int directRowStride;
    /**
     * The most floats a forward product's {@code W} (its inner dimension times its row stride) may span for the
     * product to read it where it lies: a larger {@code W} read a panel at a time from rows a power of two apart
     * uses a fraction of the cache's sets and streams from L2 for every row tile, where packed it stays in L1.
     */
    final int directWeightFloats;
    /**
     * Panels of {@code dZ} from which a weight gradient whose {@code A} is read down its columns (the layer's input,
     * {@code A^T}) first copies its column tiles into a block of their own ({@link GemmDriver}): each panel reads
     * all of the input again, and in place a tile's steps are a row of the input apart.
     */
    final int packedColumnTilePanels;
    /**
     * The input widths (floats) whose multiples a weight gradient packs its column tiles at: rows a multiple of 4 KB
     * apart fall into the same cache sets, and the 16-register column tile, a few floats a row, then reads them from
     * L2; at other widths the copy costs more than the tiles save. 1 packs at every width.
     */
    final int packedColumnTileStrides;
    /**
     * Whether a weight gradient runs the tiles that accumulate into their block where it lies
     * ({@link MicroKernels#tileInPlace}) rather than from a base given apart: with 16 registers JDK 25's C2 spills
     * the column tile given the base apart. The 32-register blocking keeps the one form it is measured with.
     */
    final boolean gradientTilesInPlace;
    /**
     * Column panels from which a product whose {@code A} has contiguous rows (forward, backward delta) first copies
     * its row tiles down their columns ({@link GemmDriver}), so that a tile's broadcasts at one inner step lie in
     * one cache line instead of one line in each of its rows; every panel reads all of {@code A} again, so the copy
     * pays only across many panels.
     */
    final int packedRowTilePanels;
    /**
     * The row strides (floats) whose multiples a product packs its row tiles at ({@link #packedRowTilePanels}
     * panels or more); 1 packs at any stride. With 16 registers the copy pays where {@code A}'s rows are 2 KB apart
     * or a multiple of it, whose tile rows fall into the same cache sets; at other strides it costs more than the
     * tiles save.
     */
    final int packedRowTileStrides;
    /**
     * The most chunks of rows a batch may be cut into for {@link OneVectorStep}, the fused step on vector
     * registers; 0 turns it off.
     */
    final int oneVectorChunks;
    /**
     * Whether a sigmoid network of one hidden layer whose batch fits {@link TwoLayerStep#CHUNKS} chunks trains
     * through {@link TwoLayerStep}, the one-vector step written out layer by layer, rather than through
     * {@link OneVectorStep}'s loops.
     */
    final boolean twoLayerStep;
    /**
     * The most multiply-adds any layer's product may take on one batch for a network to train through
     * {@link SmallNetworkStep}, the fused step in plain loops; 0 turns it off. Above it the layer-by-layer kernels'
     * vector loops pay for their calls.
     */
    final long smallNetworkLayer;

    private Blocking(int registers, Tile rowTile, Tile columnTile, int innerBlock, long smallProduct,
                     long multiplyAddsPerThread, int directRowStride, int directWeightFloats,
                     int packedColumnTilePanels, int packedColumnTileStrides, boolean gradientTilesInPlace,
                     int packedRowTilePanels, int packedRowTileStrides, int oneVectorChunks, boolean twoLayerStep,
                     long smallNetworkLayer) {
        if (innerBlock < 1) throw new IllegalArgumentException("inner block must be positive, got " + innerBlock);
        this.registers = registers;
        this.rowTile = rowTile;
        this.columnTile = columnTile;
        this.innerBlock = innerBlock;
        this.smallProduct = smallProduct;
        this.multiplyAddsPerThread = multiplyAddsPerThread;
        this.directRowStride = directRowStride;
        this.directWeightFloats = directWeightFloats;
        this.packedColumnTilePanels = packedColumnTilePanels;
        this.packedColumnTileStrides = packedColumnTileStrides;
        this.gradientTilesInPlace = gradientTilesInPlace;
        this.packedRowTilePanels = packedRowTilePanels;
        this.packedRowTileStrides = packedRowTileStrides;
        this.oneVectorChunks = oneVectorChunks;
        this.twoLayerStep = twoLayerStep;
        this.smallNetworkLayer = smallNetworkLayer;
    }

    /** The blocking for this machine's register file. */
    static Blocking forThisMachine() {
        return MACHINE;
    }

    /** The blocking for a register file of {@code registers} vector registers on the running JDK's C2. */
    static Blocking forRegisters(int registers) {
        return forRegisters(registers, Runtime.version().feature());
    }

    /**
     * The blocking for a register file of {@code registers} vector registers (fewer than 32 counts as 16) on the C2
     * of JDK {@code jdk} (its feature release: 17, 25).
     */
    static Blocking forRegisters(int registers, int jdk) {
        // the 8 x 3 tile reads the columns of a weight gradient's input about as fast as a packed copy: never packed
        if (registers >= 32) {
            return new Blocking(32, new Tile(8, 3), new Tile(8, 3), 1024, 512, 1 << 18, 256, Integer.MAX_VALUE,
                    Integer.MAX_VALUE, 1, false, 8, 1, 2, true, 256);
        }
        Tile columnTile = jdk > 17 ? new Tile(5, 2) : new Tile(6, 2);
        // JDK 17's C2 runs the 6 x 2 tile from A's rows with two integer instructions a row a step, and where the
        // rows are a multiple of 2 KB apart their lines compete for the same cache sets: across 32 panels or more,
        // packing A's row tiles pays there; JDK 25's row tile gains nothing from it
        int packedRowTilePanels = jdk > 17 ? Integer.MAX_VALUE : 32;
        // a 2-vector panel is one cache line of each row of W: read in place, a W larger than a 32 KB L1 comes
        // from L2 for every row tile
        return new Blocking(16, new Tile(6, 2), columnTile, 1024, 512, 1 << 18, 256, 32 * 1024 / Float.BYTES, 8,
                4096 / Float.BYTES, true, packedRowTilePanels, 2048 / Float.BYTES, 2, true, 256);
    }

    /** The same blocking with other tiles, inner block and thresholds: for tests and for measuring. */
    Blocking with(Tile rowTile, Tile columnTile, int innerBlock, long smallProduct, long multiplyAddsPerThread) {
        return new Blocking(registers, rowTile, columnTile, innerBlock, smallProduct, multiplyAddsPerThread,
                directRowStride, directWeightFloats, packedColumnTilePanels, packedColumnTileStrides,
                gradientTilesInPlace, packedRowTilePanels, packedRowTileStrides, oneVectorChunks, twoLayerStep,
                smallNetworkLayer);
    }

    /**
     * The same blocking, packing a weight gradient's column tiles at any input width from {@code panels} panels of
     * {@code dZ}.
     */
    Blocking withPackedColumnTilesFrom(int panels) {
        return new Blocking(registers, rowTile, columnTile, innerBlock, smallProduct, multiplyAddsPerThread,
                directRowStride, directWeightFloats, panels, 1, gradientTilesInPlace, packedRowTilePanels,
                packedRowTileStrides, oneVectorChunks, twoLayerStep, smallNetworkLayer);
    }

    /**
     * The same blocking, packing {@code A}'s row tiles at any row stride in products of {@code panels} column
     * panels or more.
     */
    Blocking withPackedRowTilesFrom(int panels) {
        return new Blocking(registers, rowTile, columnTile, innerBlock, smallProduct, multiplyAddsPerThread,
                directRowStride, directWeightFloats, packedColumnTilePanels, packedColumnTileStrides,
                gradientTilesInPlace, panels, 1, oneVectorChunks, twoLayerStep, smallNetworkLayer);
    }

    /**
     * Whether a product whose {@code A} has contiguous rows {@code rowStride} floats apart packs its row tiles: at
     * least two rows, {@link #packedRowTilePanels} panels of {@code cols} columns or more, and a stride that is a
     * multiple of {@link #packedRowTileStrides}.
     */
    boolean packsRowTiles(int rows, int cols, int rowStride) {
        return rows > 1 && panelCount(cols, columnTile.vectors) >= packedRowTilePanels
                && rowStride % packedRowTileStrides == 0;
    }

    /**
     * Whether a forward product reads its {@code W} ({@code inner} rows {@code rowStride} floats apart) where it
     * lies rather than packing each panel: when its rows are no wider than a panel (packing would only copy them),
     * or close together and all of it small enough ({@link #directRowStride}, {@link #directWeightFloats}).
     */
    boolean readsWeightsInPlace(int inner, int rowStride) {
        return rowStride <= rowTile.vectors * LANES
                || rowStride <= directRowStride && (long) inner * rowStride <= directWeightFloats;
    }

    /** The threads a product of {@code multiplyAdds} runs on when {@code threads} are there: at least one. */
    int threadsFor(long multiplyAdds, int threads) {
        long keptBusy = multiplyAdds / Math.max(1, multiplyAddsPerThread);
        return (int) Math.max(1, Math.min(threads, keptBusy));
    }

    /** The same blocking with other limits for the fused steps of tiny networks (0 or false turns a step off). */
    Blocking withFusedSteps(boolean twoLayerStep, int oneVectorChunks, long smallNetworkLayer) {
        return new Blocking(registers, rowTile, columnTile, innerBlock, smallProduct, multiplyAddsPerThread,
                directRowStride, directWeightFloats, packedColumnTilePanels, packedColumnTileStrides,
                gradientTilesInPlace, packedRowTilePanels, packedRowTileStrides, oneVectorChunks, twoLayerStep,
                smallNetworkLayer);
    }

    /** The same blocking with other thresholds. */
    Blocking withThresholds(int innerBlock, long smallProduct, long multiplyAddsPerThread) {
        return with(rowTile, columnTile, innerBlock, smallProduct, multiplyAddsPerThread);
    }

    /**
     * Whether a product whose {@code A} is read down its columns (a weight gradient {@code A^T dZ}, {@code A}'s
     * steps {@code innerStride} floats apart) packs its column tiles first: at least two rows, {@code cols} spanning
     * {@link #packedColumnTilePanels} panels or more, each of which reads all of {@code A} again, and steps a
     * multiple of {@link #packedColumnTileStrides} floats apart, which fall into the same cache sets (4 KB in the
     * wide workload, where read in place a wide product reads them from L3).
     */
    boolean packsColumnTiles(int rows, int cols, int innerStride) {
        return rows > 1 && innerStride % packedColumnTileStrides == 0
                && panelCount(cols, columnTile.vectors) >= packedColumnTilePanels;
    }

    /** The tile of a product whose {@code A} steps through its inner dimension by {@code aInnerStride}. */
    Tile tileFor(int aInnerStride) {
        return aInnerStride == 1 ? rowTile : columnTile;
    }

    /** For example {@code 16 registers, 6 x 2 tiles} or {@code 16 registers, 6 x 2 and 5 x 2 tiles}. */
    String describe() {
        String tiles = rowTile.rows == columnTile.rows && rowTile.vectors == columnTile.vectors
                ? rowTile + " tiles" : rowTile + " and " + columnTile + " tiles";
        return registers + " registers, " + tiles;
    }

    /**
     * The vector registers C2 allocates from: 32 on x86 with AVX-512 enabled ({@code UseAVX=3}) and on AArch64,
     * 16 on other x86 and wherever it cannot be read. {@link #REGISTERS_PROPERTY} overrides it.
     */
    static int vectorRegisters() {
        String forced = System.getProperty(REGISTERS_PROPERTY);
        if (forced != null) {
            try {
                return Integer.parseInt(forced.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(REGISTERS_PROPERTY + " must be a number, got '" + forced + "'");
            }
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64")) return 32;
        if (arch.equals("amd64") || arch.equals("x86_64")) return useAvx() >= 3 ? 32 : 16;
        return 16;
    }

    /** HotSpot's {@code UseAVX} level, or 0 when this JVM does not report it. */
    static int useAvx() {
        // not HotSpot, no jdk.management module, or no such flag: assume the smaller register file
        return HotSpotOptions.intValue("UseAVX", 0);
    }

    // The panels of a product: columns cut into panels of a tile's vectors, the rest in a narrower one. Where a
    // 3-vector tile's rest would be a single vector, the last wide panel and it become two of two vectors: a
    // one-vector tile needs a broadcast per FMA and runs far slower than the others.

    /** Panels of a product with {@code cols} columns and tiles {@code tileVectors} wide. */
    static int panelCount(int cols, int tileVectors) {
        int vectors = (cols + LANES - 1) / LANES;
        return (vectors + tileVectors - 1) / tileVectors;
    }

    /** Whether the last two panels are two vectors each, instead of a whole one and a single vector. */
    private static boolean endsInTwoDoubles(int vectors, int tileVectors) {
        return tileVectors == 3 && vectors % 3 == 1 && vectors > 3;
    }

    /** Vectors of panel {@code q}. */
    static int panelVectors(int q, int cols, int tileVectors) {
        int vectors = (cols + LANES - 1) / LANES;
        int whole = vectors / tileVectors;
        if (endsInTwoDoubles(vectors, tileVectors)) return q < whole - 1 ? tileVectors : 2;
        return q < whole ? tileVectors : vectors % tileVectors;
    }

    /** The first column of panel {@code q}. */
    static int panelStart(int q, int cols, int tileVectors) {
        int vectors = (cols + LANES - 1) / LANES;
        int whole = vectors / tileVectors;
        if (endsInTwoDoubles(vectors, tileVectors)) whole--;
        if (q <= whole) return q * tileVectors * LANES;
        return (whole * tileVectors + (q - whole) * 2) * LANES;
    }
}
