package backprop.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark table as a bar chart: epochs per second for each workload, one bar per series (scalar, vector,
 * peers), on a log scale because the workloads differ by orders of magnitude. {@code bench/run} calls it on the
 * CSV it writes beside its JSON.
 */
@Command(name = "BenchChart", mixinStandardHelpOptions = true,
        description = "Draws a benchmark table (CSV header workload,series,epochs_per_second) as a bar chart, "
                + "PNG or SVG by the output's extension.")
public final class BenchChart implements Callable<Integer> {

    static final String HEADER = "workload,series,epochs_per_second";

    @Parameters(index = "0", paramLabel = "TABLE.csv", description = "The benchmark table.")
    Path table;

    @Parameters(index = "1", paramLabel = "OUT", description = "The chart to write, .png or .svg.")
    Path out;

    @Option(names = "--width", description = "Image width in pixels (default: ${DEFAULT-VALUE}).")
    int width = ChartSize.DEFAULT.width();

    @Option(names = "--height", description = "Image height in pixels (default: ${DEFAULT-VALUE}).")
    int height = ChartSize.DEFAULT.height();

    @Option(names = "--title", description = "Chart title (default: ${DEFAULT-VALUE}).")
    String title = "Training speed (higher is better)";

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchChart()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            write(read(table), title, new ChartSize(width, height), out);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("BenchChart: " + e.getMessage());
            return 1;
        }
    }

    /** Epochs per second by series, then by workload, in the order the table first names them. */
    static Map<String, Map<String, Double>> read(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(csv + ": cannot read the table (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw new IllegalArgumentException(csv + ":1: expected the header " + HEADER);
        }
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] fields = line.split(",", -1);
            String where = csv + ":" + (i + 1) + ": ";
            if (fields.length != 3) throw new IllegalArgumentException(where + "expected 3 fields, found " + fields.length);
            double value;
            try {
                value = Double.parseDouble(fields[2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "'" + fields[2].trim() + "' is not a number");
            }
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException(where + "epochs_per_second must be positive for a log scale, got "
                        + fields[2].trim());
            }
            table.computeIfAbsent(fields[1].trim(), s -> new LinkedHashMap<>()).put(fields[0].trim(), value);
        }
        if (table.isEmpty()) throw new IllegalArgumentException(csv + ": the table has no rows");
        return table;
    }

    /** Sixteen colours that tell the series apart: Tableau's ten and six more. */
    private static final Color[] SERIES_COLORS = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x7A3FC4), new Color(0x59A14F), new Color(0xE15759),
        new Color(0xEDC948), new Color(0xFF4FD8), new Color(0xFFB0C8), new Color(0xBAB0AC), new Color(0x2FD4E0),
        new Color(0x9C755F), new Color(0x222222), new Color(0x1A3F8F), new Color(0x8FBC3F), new Color(0xB5179E),
        new Color(0x76B7B2)};

    public static CategoryChart build(Map<String, Map<String, Double>> bySeries, String title, ChartSize size) {
        List<String> workloads = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        for (Map<String, Double> row : bySeries.values()) {
            for (Map.Entry<String, Double> e : row.entrySet()) {
                if (!workloads.contains(e.getKey())) workloads.add(e.getKey());
                smallest = Math.min(smallest, e.getValue());
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(size.width()).height(size.height()).title(title)
                .xAxisTitle("workload").yAxisTitle("epochs per second (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        // bars grow from the axis minimum, and a log axis cannot start at 0: start at the power of ten strictly
        // below the smallest value, so that every bar has a visible length
        chart.getStyler().setYAxisMin(Math.pow(10, Math.ceil(Math.log10(smallest)) - 1));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        // values over the bars stay readable for a few series; with the peers they overlap into noise
        chart.getStyler().setLabelsVisible(bySeries.size() <= 3);
        chart.getStyler().setDecimalPattern("#,##0.##");
        // XChart's own palette repeats after 12 colours, and bench/run's charts have 13 series with the peers
        chart.getStyler().setSeriesColors(SERIES_COLORS);
        for (Map.Entry<String, Map<String, Double>> series : bySeries.entrySet()) {
            List<Double> values = new ArrayList<>();
            // a workload a series did not run stays empty rather than drawn as zero
            for (String workload : workloads) values.add(series.getValue().get(workload));
            chart.addSeries(series.getKey(), workloads, values);
        }
        // bench/run's titles name the CPU, the machine class and the JDK
        TitleFit.apply(chart);
        return chart;
    }

    public static void write(Map<String, Map<String, Double>> bySeries, String title, ChartSize size, Path path)
            throws IOException {
        ChartFiles.write(build(bySeries, title, size), path);
    }
}
