package backprop.plot;

/** The pixel size of a chart image (for SVG, its width and height attributes). */
public record ChartSize(int width, int height) {

    public static final ChartSize DEFAULT = new ChartSize(800, 600);

    /** Large enough for any screen or print, small enough that a typo cannot ask for gigabytes. */
    private static final int MAX_SIDE = 10_000;

    public ChartSize {
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be between 1 and "
                    + MAX_SIDE + " pixels on each side");
        }
    }
}
