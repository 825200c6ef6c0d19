package backprop.plot;

import backprop.Activation;
import backprop.Metrics;
import backprop.Network;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A decision boundary: the output of a network with two inputs over the input plane, as an XChart heat map, with
 * each training point written on top as its label. For one output the colour is the output itself (blue 0, white
 * 0.5, red 1 for a sigmoid); for several outputs it is the predicted class. The plane is in the coordinates the
 * network sees, that is after any normalisation, and extends a quarter of the data's range past it on each side.
 */
public final class BoundaryChart {

    /** Beyond this the labels hide the map; the points drawn are then an even sample of the rows. */
    static final int MAX_POINTS = 400;

    private static final double MARGIN = 0.25;
    private static final int TICKS_PER_AXIS = 4;
    private static final int CELLS_PER_TICK = 20;
    private static final Color[] PROBABILITY_COLOURS = {new Color(0x3b4cc0), Color.WHITE, new Color(0xb40426)};
    private static final Color[] CLASS_COLOURS = {new Color(0x4c72b0), new Color(0xdd8452), new Color(0x55a868),
            new Color(0xc44e52), new Color(0x8172b3), new Color(0x937860), new Color(0xda8bc3), new Color(0x8c8c8c),
            new Color(0xccb974), new Color(0x64b5cd)};

    private BoundaryChart() {
    }

    /**
     * @throws IllegalArgumentException when the network or the data does not have exactly two inputs
     */
    public static HeatMapChart build(Network network, Dataset points, String title, ChartSize size) {
        requireTwoInputs(network, points);
        GridAxis xAxis = GridAxis.around(points, 0);
        GridAxis yAxis = GridAxis.around(points, 1);
        float[] outputs = network.predict(xAxis.plane(yAxis), xAxis.count * yAxis.count, new ScalarKernels());

        HeatMapChart chart = new HeatMapChartBuilder().width(size.width()).height(size.height()).title(title)
                .xAxisTitle("x1").yAxisTitle("x2").build();
        TitleFit.apply(chart);
        HeatMapStyler styler = chart.getStyler();
        styler.setDrawBorder(false);
        styler.setPlotGridLinesVisible(false);
        styler.setAxisTicksMarksVisible(false);
        styler.setxAxisTickLabelsFormattingFunction(xAxis::tickLabel);
        styler.setyAxisTickLabelsFormattingFunction(yAxis::tickLabel);
        chart.addSeries("network output", xAxis.values(), yAxis.values(),
                cells(network, outputs, xAxis.count, yAxis.count, styler));
        addPointLabels(chart, points);
        return chart;
    }

    public static void write(Network network, Dataset points, String title, ChartSize size, Path path)
            throws IOException {
        ChartFiles.write(build(network, points, title, size), path);
    }

    /** A one-line reason when a boundary cannot be drawn for this network and data, for commands to check early. */
    public static void requireTwoInputs(Network network, Dataset points) {
        if (network.inputs() != 2 || points.inputs() != 2) {
            throw new IllegalArgumentException("a decision boundary needs data with 2 input columns; this data has "
                    + points.inputs());
        }
    }

    /** The heat map cells {@code {x index, y index, value}}, and the colour scale that fits the output. */
    private static List<Number[]> cells(Network network, float[] outputs, int columns, int rows, HeatMapStyler styler) {
        int width = network.outputs();
        List<Number[]> cells = new ArrayList<>(columns * rows);
        if (width == 1) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < columns * rows; i++) {
                cells.add(new Number[] {i / rows, i % rows, outputs[i]});
                min = Math.min(min, outputs[i]);
                max = Math.max(max, outputs[i]);
            }
            boolean probability = network.activation(network.depth() - 1) == Activation.SIGMOID;
            styler.setRangeColors(PROBABILITY_COLOURS);
            styler.setMin(probability ? 0 : min);
            styler.setMax(probability ? 1 : Math.max(max, min + Math.ulp(min)));
        } else {
            for (int i = 0; i < columns * rows; i++) {
                cells.add(new Number[] {i / rows, i % rows, Metrics.predictedClass(outputs, i * width, width)});
            }
            Color[] colours = new Color[width];
            for (int c = 0; c < width; c++) colours[c] = CLASS_COLOURS[c % CLASS_COLOURS.length];
            styler.setRangeColors(colours);
            styler.setPiecewise(true);
            styler.setPiecewiseRanged(false);
            // one band per class, centred on the class number; the legend names a band by its lower edge
            styler.setSplitNumber(width);
            styler.setMin(-0.5);
            styler.setMax(width - 0.5);
            styler.setHeatMapDecimalValueFormatter(lowerEdge -> "class " + Math.round(lowerEdge + 0.5));
        }
        return cells;
    }

    private static void addPointLabels(HeatMapChart chart, Dataset points) {
        int stride = (points.rows() + MAX_POINTS - 1) / MAX_POINTS;
        boolean few = points.rows() <= 20;
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, few ? 18 : 10));
        chart.getStyler().setAnnotationTextFontColor(Color.BLACK);
        float[] features = points.features();
        for (int r = 0; r < points.rows(); r += stride) {
            chart.addAnnotation(new AnnotationText(pointLabel(points, r), features[2 * r], features[2 * r + 1], false));
        }
    }

    private static String pointLabel(Dataset points, int row) {
        if (points.isClassification()) return Integer.toString(points.labels()[row]);
        return String.format(Locale.ROOT, "%.2g", points.targets()[row * points.outputs()]);
    }

    /**
     * One axis of the grid. Cells sit at whole multiples of {@code cell}, a twentieth of a round tick step, so the
     * ticks fall on cells and only they are labelled: the heat map's axis is categorical and would otherwise label
     * every cell. The axis runs from tick to tick around the data and its margin.
     */
    private static final class GridAxis {
        final long firstIndex;
        final int count;
        final double cell;
        final double tick;
        final DecimalFormat format = new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));

        private GridAxis(long firstIndex, int count, double cell, double tick) {
            this.firstIndex = firstIndex;
            this.count = count;
            this.cell = cell;
            this.tick = tick;
        }

        static GridAxis around(Dataset points, int column) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < points.rows(); r++) {
                double v = points.features()[r * 2 + column];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double span = max > min ? max - min : 1.0;
            double low = min - MARGIN * span;
            double high = max + MARGIN * span;
            double tick = roundStep((high - low) / TICKS_PER_AXIS);
            double cell = tick / CELLS_PER_TICK;
            // both ends on a tick: XChart sizes its tick labels by the labels of the two ends
            long first = (long) Math.floor(low / tick) * CELLS_PER_TICK;
            long last = (long) Math.ceil(high / tick) * CELLS_PER_TICK;
            return new GridAxis(first, (int) (last - first + 1), cell, tick);
        }

        /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code step}. */
        static double roundStep(double step) {
            double power = Math.pow(10, Math.floor(Math.log10(step)));
            for (double factor : new double[] {1, 2, 5}) {
                if (factor * power >= step) return factor * power;
            }
            return 10 * power;
        }

        double value(int i) {
            return (firstIndex + i) * cell;
        }

        List<Double> values() {
            List<Double> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) values.add(value(i));
            return values;
        }

        String tickLabel(double value) {
            double ticks = value / tick;
            return Math.abs(ticks - Math.rint(ticks)) < 1e-6 ? format.format(Math.rint(ticks) * tick) : "";
        }

        /** Every (x, y) of the grid as input rows, x-major to match the heat map's cell order. */
        float[] plane(GridAxis y) {
            float[] inputs = new float[count * y.count * 2];
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < y.count; j++) {
                    int row = i * y.count + j;
                    inputs[2 * row] = (float) value(i);
                    inputs[2 * row + 1] = (float) y.value(j);
                }
            }
            return inputs;
        }
    }
}
