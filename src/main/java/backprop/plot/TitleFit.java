package backprop.plot;

import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Font;
import java.awt.font.FontRenderContext;

/** Shrinks a chart's title font until the title fits the image, since XChart clips a long title at both ends. */
final class TitleFit {

    /** Room left for the chart's border either side of the title. */
    private static final int MARGIN = 20;
    private static final float SMALLEST = 8f;

    private TitleFit() {
    }

    static void apply(Chart<?, ?> chart) {
        Font font = chart.getStyler().getChartTitleFont();
        FontRenderContext context = new FontRenderContext(null, true, true);
        double room = chart.getWidth() - 2.0 * MARGIN;
        // the bounds measured here come out narrower than XChart draws the title: a tenth more keeps both ends in
        double width = 1.1 * font.getStringBounds(chart.getTitle(), context).getWidth();
        if (width > room) {
            float size = (float) Math.max(SMALLEST, font.getSize2D() * room / width);
            chart.getStyler().setChartTitleFont(font.deriveFont(size));
        }
    }
}
