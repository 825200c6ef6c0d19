package backprop.kernel.vector;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How the threads of one product share its tiles. Each part owns a share: some column panels when there are
 * plenty (each thread then packs only its own), else a run of row tiles across all panels, the same rows in every
 * product of a step, so that a layer's rows are read by the core that wrote them. A share is cut into units; a
 * thread runs its own from the front, then takes what is left of the others' from their backs: on a shared machine
 * one thread is often held up for a while, and the other then finishes its work instead of waiting for it. Every
 * tile is still computed whole by one thread, in the same order, so the result does not depend on who computed
 * what. Claims are a compare-and-set on a long holding a share's next and end unit; nothing is allocated.
 */
final class WorkSharing {

    /** What a thread does with a unit: row tiles {@code firstTile..endTile-1} of panel {@code panel}. */
    interface Range {
        void run(int part, int panel, int firstTile, int endTile);
    }

    /** Units a thread's run of row tiles is cut into, per panel: what another thread can take over. */
    private static final int UNITS_PER_SHARE = 4;
    /** Longs between two parts' entries in {@link #shares}: a cache line, so that their claims don't contend. */
    private static final int SHARE_STRIDE = 8;

    /** Per part of the current product: its next unclaimed unit (high half) and its end (low half). */
    private final AtomicLongArray shares;
    private int panels;
    private int tiles;
    private int parts;

    WorkSharing(int threads) {
        shares = new AtomicLongArray(threads * SHARE_STRIDE);
    }

    /** Shares out a product of {@code panels} panels by {@code tiles} row tiles among {@code parts} threads. */
    void start(int panels, int tiles, int parts) {
        this.panels = panels;
        this.tiles = tiles;
        this.parts = parts;
        for (int part = 0; part < parts; part++) shares.set(part * SHARE_STRIDE, unitsOf(part));
    }

    /** Runs part {@code part}'s own units, then whatever is left of the others'. */
    void run(int part, Range range) {
        for (int n = 0; n < parts; n++) {
            int owner = (part + n) % parts;
            for (int unit = claim(owner, owner == part); unit >= 0; unit = claim(owner, owner == part)) {
                runUnit(part, owner, unit, range);
            }
        }
    }

    private boolean splitsPanels() {
        return parts == 1 || panels >= 4 * parts;
    }

    private int unitsOf(int owner) {
        if (splitsPanels()) return panels * (owner + 1) / parts - panels * owner / parts;
        int ownTiles = tiles * (owner + 1) / parts - tiles * owner / parts;
        int perUnit = tilesPerUnit(ownTiles);
        return panels * ((ownTiles + perUnit - 1) / perUnit);
    }

    /** A run of row tiles is cut into about {@value #UNITS_PER_SHARE} units per panel. */
    private static int tilesPerUnit(int ownTiles) {
        return Math.max(1, (ownTiles + UNITS_PER_SHARE - 1) / UNITS_PER_SHARE);
    }

    /** Unit {@code unit} of {@code owner}'s share: a whole panel, or one panel by a run of the owner's row tiles. */
    private void runUnit(int part, int owner, int unit, Range range) {
        if (splitsPanels()) {
            range.run(part, panels * owner / parts + unit, 0, tiles);
            return;
        }
        int firstOwnTile = tiles * owner / parts;
        int endOwnTile = tiles * (owner + 1) / parts;
        int perUnit = tilesPerUnit(endOwnTile - firstOwnTile);
        int unitsPerPanel = (endOwnTile - firstOwnTile + perUnit - 1) / perUnit;
        int firstTile = firstOwnTile + unit % unitsPerPanel * perUnit;
        range.run(part, unit / unitsPerPanel, firstTile, Math.min(endOwnTile, firstTile + perUnit));
    }

    /**
     * The next unclaimed unit of {@code owner}'s share, from its front (the owner) or its back (another thread);
     * -1 when none is left. A share's next and end units are packed in one long, so both ends move atomically.
     */
    private int claim(int owner, boolean front) {
        int at = owner * SHARE_STRIDE;
        while (true) {
            long range = shares.get(at);
            int next = (int) (range >>> 32);
            int end = (int) range;
            if (next >= end) return -1;
            long claimed = front ? range + (1L << 32) : range - 1;
            if (shares.compareAndSet(at, range, claimed)) return front ? next : end - 1;
        }
    }
}
