package backprop.cli;

import backprop.AtomicFile;
import backprop.Metrics;
import backprop.data.Samples;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** A saved model's predictions, one CSV row per input row, in input order. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts each row of a CSV or IDX file: CSV with header prediction,p0,p1,... "
                + "(prediction,p for one output; p_NAME for models with class names); for a regression model the "
                + "predicted values, header prediction (prediction0,prediction1,... for several targets); after any "
                + "--keep columns.")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Rows to predict: CSV (a label column, if present, is ignored; columns are matched to the"
                    + " model's inputs by name when both have names) or IDX images.")
    Path data;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV label column (or a regression model's target columns, comma-separated), left out"
                    + " when present (default: the model's label columns, else the last column (columns) when the"
                    + " file has one (one per target) more than the model has inputs).")
    String labelColumn;

    @Option(names = "--keep", split = ",", paramLabel = "COLUMN",
            description = "CSV columns to copy into the output ahead of the prediction, such as ids to join rows"
                    + " back by: header names or 0-based indices. They are not inputs unless the model names them.")
    List<String> keep = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here instead of to standard output.")
    Path outFile;

    @Mixin
    ColumnOptions columns;

    @Mixin
    BackendOption backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Checks.outputFolder(outFile);
        SavedModel saved = SavedModel.read(model);
        Samples samples = saved.read(data, null, columns.csv(labelColumn, keep), false);
        saved.prepare(samples);
        Kernels kernels = backend.kernelsForRun(
                samples.rows() * KernelProvider.inferenceMultiplyAddsPerRow(saved.network.layers()));
        float[] outputs = saved.outputs(samples, kernels);
        int outputCount = saved.network.outputs();
        boolean regression = saved.network.isRegression();
        if (outFile != null) {
            AtomicFile.writeText(outFile, writer -> writeCsv(writer, saved, samples, outputs, outputCount,
                    regression));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            writeCsv(out, saved, samples, outputs, outputCount, regression);
            out.flush();
        }
        return Main.OK;
    }

    private static void writeCsv(Writer writer, SavedModel saved, Samples samples, float[] outputs, int outputCount,
                                 boolean regression) throws IOException {
        if (regression) {
            writeValues(writer, samples, outputs, outputCount);
        } else {
            writeCsv(writer, saved, samples, outputs, outputCount);
        }
    }

    /** A regression model's predicted values, one column per target, after the kept columns. */
    private static void writeValues(Writer writer, Samples samples, float[] outputs, int outputCount)
            throws IOException {
        StringBuilder line = new StringBuilder();
        for (String name : samples.keptNames()) line.append(csvField(name)).append(',');
        for (int j = 0; j < outputCount; j++) {
            line.append(j == 0 ? "" : ",").append("prediction").append(outputCount == 1 ? "" : Integer.toString(j));
        }
        writer.write(line.append('\n').toString());
        int kept = samples.keptNames().size();
        for (int r = 0; r < samples.rows(); r++) {
            line.setLength(0);
            for (int k = 0; k < kept; k++) line.append(csvField(samples.kept(r, k))).append(',');
            for (int j = 0; j < outputCount; j++) line.append(j == 0 ? "" : ",").append(outputs[r * outputCount + j]);
            writer.write(line.append('\n').toString());
        }
    }

    private static void writeCsv(Writer writer, SavedModel saved, Samples samples, float[] outputs, int outputCount)
            throws IOException {
        StringBuilder line = new StringBuilder();
        for (String name : samples.keptNames()) line.append(csvField(name)).append(',');
        line.append("prediction");
        for (int j = 0; j < outputCount; j++) line.append(',').append(csvField(probabilityColumn(saved, j, outputCount)));
        writer.write(line.append('\n').toString());
        int kept = samples.keptNames().size();
        for (int r = 0; r < samples.rows(); r++) {
            line.setLength(0);
            for (int k = 0; k < kept; k++) line.append(csvField(samples.kept(r, k))).append(',');
            line.append(csvField(saved.className(Metrics.predictedClass(outputs, r * outputCount, outputCount))));
            for (int j = 0; j < outputCount; j++) line.append(',').append(outputs[r * outputCount + j]);
            writer.write(line.append('\n').toString());
        }
    }

    /** {@code p_NAME} after the class's name, else {@code pJ}, or {@code p} for the one output of two classes. */
    private static String probabilityColumn(SavedModel saved, int output, int outputCount) {
        if (saved.network.columns().classNames().isEmpty()) return outputCount == 1 ? "p" : "p" + output;
        // a single output is the probability of class 1
        return "p_" + saved.className(outputCount == 1 ? 1 : output);
    }

    /** A field as CSV writes it: in double quotes, with quotes doubled, when it holds a comma or a quote. */
    static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
