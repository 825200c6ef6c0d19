package backprop.plot;

import backprop.Network;
import backprop.Optimizer;
import backprop.TrainingConfig;
import backprop.TrainingHistory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The loss per epoch of a training run, with train and test accuracy on a second axis where they were measured. */
public final class LossChart {

    private static final int ACCURACY_AXIS = 1;

    private LossChart() {
    }

    /** A title naming the network and the settings that shape its curve, e.g. {@code 2-4-1 sigmoid/sigmoid, lr 0.1, full batch}. */
    public static String title(Network network, TrainingConfig config) {
        StringBuilder s = new StringBuilder(network.describe());
        s.append(String.format(Locale.ROOT, ", lr %s", config.learningRate()));
        s.append(config.batchSize() == TrainingConfig.FULL_BATCH ? ", full batch" : ", batch " + config.batchSize());
        if (config.optimizer() != Optimizer.SGD) s.append(", ").append(config.optimizer().cliName());
        if (config.usesMomentum()) s.append(String.format(Locale.ROOT, ", momentum %s", config.momentum()));
        if (config.weightDecay() > 0f) s.append(String.format(Locale.ROOT, ", weight decay %s", config.weightDecay()));
        return s.toString();
    }

    public static XYChart build(TrainingHistory history, String title, ChartSize size) {
        if (history.isEmpty()) throw new IllegalArgumentException("the training history has no epochs to plot");
        XYChart chart = new XYChartBuilder().width(size.width()).height(size.height()).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss (MSE)").build();
        // below the plot: inside, any corner is crossed by a falling loss or a rising accuracy on some run
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisGroupPosition(ACCURACY_AXIS, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(ACCURACY_AXIS, 0.0);
        chart.getStyler().setYAxisMax(ACCURACY_AXIS, 1.0);
        chart.setYAxisGroupTitle(ACCURACY_AXIS, "accuracy");
        // the axis starts where training starts, at 0, not at the first recorded epoch
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.0###");

        TitleFit.apply(chart);
        addSeries(chart, history, "loss", e -> e.loss, 0);
        addSeries(chart, history, "train accuracy", e -> e.accuracy, ACCURACY_AXIS);
        addSeries(chart, history, "test accuracy", e -> e.testAccuracy, ACCURACY_AXIS);
        return chart;
    }

    public static void write(TrainingHistory history, String title, ChartSize size, Path path) throws IOException {
        ChartFiles.write(build(history, title, size), path);
    }

    /** Adds the epochs where {@code value} was measured (not NaN); a quantity never measured gets no series. */
    private static void addSeries(XYChart chart, TrainingHistory history, String name,
                                  ToDoubleFunction<TrainingHistory.Epoch> value, int axis) {
        List<Double> epochs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (TrainingHistory.Epoch e : history.epochs()) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                epochs.add((double) e.epoch);
                values.add(v);
            }
        }
        if (values.isEmpty()) return;
        XYSeries series = chart.addSeries(name, epochs, values);
        series.setYAxisGroup(axis);
        // markers only where there are few enough epochs to tell them apart
        if (values.size() > 50) series.setMarker(SeriesMarkers.NONE);
    }
}
