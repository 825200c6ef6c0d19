package backprop.kernel.vector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking follows the register file, and the panels of a product cover its columns exactly once. */
class BlockingTest {

    @Test
    void tilesFitTheRegisterFile() {
        for (int registers : new int[] {16, 32}) {
            for (int jdk : new int[] {17, 25}) {
                Blocking blocking = Blocking.forRegisters(registers, jdk);
                for (Blocking.Tile tile : new Blocking.Tile[] {blocking.rowTile, blocking.columnTile}) {
                    // accumulators, one register per panel vector and one broadcast
                    int live = tile.rows * tile.vectors + tile.vectors + 1;
                    assertTrue(live <= registers, blocking.describe() + " needs " + live + " registers");
                }
                // the products' panels follow the row tile: the column tile must be as wide
                assertEquals(blocking.rowTile.vectors, blocking.columnTile.vectors, blocking.describe());
            }
        }
        assertEquals("16 registers, 6 x 2 tiles", Blocking.forRegisters(16, 17).describe());
        assertEquals("16 registers, 6 x 2 and 5 x 2 tiles", Blocking.forRegisters(16, 25).describe());
        assertEquals("32 registers, 8 x 3 tiles", Blocking.forRegisters(32, 17).describe());
        assertEquals("32 registers, 8 x 3 tiles", Blocking.forRegisters(32, 25).describe());
    }

    @Test
    void theRegisterFileIsReadFromTheJvm() {
        int registers = Blocking.vectorRegisters();
        assertTrue(registers == 16 || registers == 32, "registers " + registers);
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            int useAvx = Blocking.useAvx();
            assertTrue(useAvx >= 1, "UseAVX unreadable: " + useAvx);
            if (System.getProperty(Blocking.REGISTERS_PROPERTY) == null) {
                assertEquals(useAvx >= 3 ? 32 : 16, registers);
            }
        }
    }

    /**
     * Row tiles of A are packed for many panels, on 16 registers only on JDK 17 and where A's rows are a multiple of
     * 2 KB apart; never for a single row or a narrow product.
     */
    @Test
    void rowTilesArePackedOnlyWhereManyPanelsReadThem() {
        Blocking tall = Blocking.forRegisters(32);
        assertTrue(tall.packsRowTiles(256, 1024, 1024), "wide's 1024 columns are 8 panels or more at any width");
        assertTrue(tall.packsRowTiles(256, 1024, 784), "at any stride");
        assertFalse(tall.packsRowTiles(1, 1024, 1024), "one row");
        assertFalse(tall.packsRowTiles(256, 10, 1024), "one panel");
        assertFalse(Blocking.forRegisters(16, 25).packsRowTiles(256, 1024, 1024), "16 registers after JDK 17");
        Blocking sixteen = Blocking.forRegisters(16, 17);
        assertTrue(sixteen.packsRowTiles(256, 1024, 1024), "wide");
        assertTrue(sixteen.packsRowTiles(256, 1024, 512), "rows 2 KB apart");
        assertFalse(sixteen.packsRowTiles(256, 1024, 784), "rows not a multiple of 2 KB apart");
        assertFalse(sixteen.packsRowTiles(256, 1024, 256), "rows 1 KB apart");
        assertFalse(sixteen.packsRowTiles(256, 256, 1024), "16 panels");
        assertTrue(sixteen.withPackedRowTilesFrom(1).packsRowTiles(2, 1, 3));
    }

    /**
     * A forward product packs its {@code W} on 16 registers once it outgrows a 32 KB L1 (mnist's first layer), and
     * reads a small one (digits') or one no wider than a panel where it lies; on 32 registers by row stride only.
     */
    @Test
    void weightsAreReadInPlaceOnlyWhereTheyStayInCache() {
        Blocking sixteen = Blocking.forRegisters(16);
        assertFalse(sixteen.readsWeightsInPlace(784, 128), "mnist's first layer");
        assertFalse(sixteen.readsWeightsInPlace(392, 128), "half of it");
        assertTrue(sixteen.readsWeightsInPlace(64, 32), "digits' first layer");
        assertTrue(sixteen.readsWeightsInPlace(64, 128), "32 KB");
        assertTrue(sixteen.readsWeightsInPlace(4096, 16), "rows of one panel");
        assertFalse(sixteen.readsWeightsInPlace(16, 1024), "rows 4 KB apart");
        Blocking thirtyTwo = Blocking.forRegisters(32);
        assertTrue(thirtyTwo.readsWeightsInPlace(784, 128), "mnist's first layer");
        assertTrue(thirtyTwo.readsWeightsInPlace(784, 256));
        assertFalse(thirtyTwo.readsWeightsInPlace(16, 257));
    }

    /** A product runs on as many threads as it gives each enough work: digits' products stay on one. */
    @Test
    void threadsGrowWithTheProductUpToThoseThere() {
        for (int registers : new int[] {16, 32}) {
            Blocking blocking = Blocking.forRegisters(registers);
            assertEquals(1, blocking.threadsFor(64L * 64 * 32, 16), "digits' first layer");
            assertEquals(1, blocking.threadsFor(128L * 128 * 10, 16), "mnist's output layer");
            assertEquals(16, blocking.threadsFor(128L * 784 * 128, 16), "mnist's first layer, 16 threads");
            assertEquals(2, blocking.threadsFor(128L * 784 * 128, 2), "mnist's first layer, 2 threads");
            assertEquals(64, blocking.threadsFor(256L * 1024 * 1024, 64), "wide");
            assertEquals(3, blocking.threadsFor(3 * blocking.multiplyAddsPerThread + 1, 16));
            assertEquals(1, blocking.threadsFor(0, 16));
            assertEquals(4, blocking.withThresholds(16, 0, 0).threadsFor(5, 4), "no minimum: every thread");
        }
    }

    @Test
    void panelsCoverEveryColumnOnceInWholeVectors() {
        for (int tileVectors = 1; tileVectors <= Blocking.MAX_TILE_VECTORS; tileVectors++) {
            for (int cols = 1; cols <= 400; cols++) assertPanelsCover(tileVectors, cols);
        }
    }

    private static void assertPanelsCover(int tileVectors, int cols) {
        int next = 0;
        int panels = Blocking.panelCount(cols, tileVectors);
        for (int q = 0; q < panels; q++) {
            assertEquals(next, Blocking.panelStart(q, cols, tileVectors), "start of panel " + q + " of " + cols);
            int vectors = Blocking.panelVectors(q, cols, tileVectors);
            assertTrue(vectors >= 1 && vectors <= tileVectors, vectors + " vectors");
            next += vectors * Vectors.LANES;
        }
        assertTrue(next >= cols && next - cols < Vectors.LANES, cols + " columns in panels up to " + next);
        int wholeVectors = (cols + Vectors.LANES - 1) / Vectors.LANES;
        if (tileVectors == 3 && wholeVectors > 3) {
            for (int q = 0; q < panels; q++) {
                assertTrue(Blocking.panelVectors(q, cols, tileVectors) > 1, "a one-vector panel beside wide ones");
            }
        }
    }
}
