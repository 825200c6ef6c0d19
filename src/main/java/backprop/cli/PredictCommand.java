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
import java.util.concurrent.Callable;

/** A saved model's predictions, one CSV row per input row, in input order. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts each row of a CSV or IDX file: CSV with header prediction,p0,p1,... "
                + "(prediction,p for one output); for a regression model the predicted values, header prediction "
                + "(prediction0,prediction1,... for several targets).")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Rows to predict: CSV (a label column, if present, is ignored) or IDX images.")
    Path data;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV label column (or a regression model's target columns) to ignore when present "
                    + "(default: the last column).")
    String labelColumn;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here instead of to standard output.")
    Path outFile;

    @Mixin
    BackendOption backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Checks.outputFolder(outFile);
        SavedModel saved = SavedModel.read(model);
        Samples samples = Samples.readInputs(data, labelColumn, saved.network.inputs());
        saved.prepare(samples);
        Kernels kernels = backend.kernelsForRun(
                samples.rows() * KernelProvider.inferenceMultiplyAddsPerRow(saved.network.layers()));
        float[] outputs = saved.outputs(samples, kernels);
        int outputCount = saved.network.outputs();
        boolean regression = saved.network.isRegression();
        if (outFile != null) {
            AtomicFile.writeText(outFile, writer -> writeCsv(writer, outputs, samples.rows(), outputCount, regression));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            writeCsv(out, outputs, samples.rows(), outputCount, regression);
            out.flush();
        }
        return Main.OK;
    }

    private static void writeCsv(Writer writer, float[] outputs, int rows, int outputCount, boolean regression)
            throws IOException {
        if (regression) {
            writeValues(writer, outputs, rows, outputCount);
        } else {
            writeCsv(writer, outputs, rows, outputCount);
        }
    }

    /** A regression model's predicted values, one column per target. */
    private static void writeValues(Writer writer, float[] outputs, int rows, int outputCount) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < outputCount; j++) {
            line.append(j == 0 ? "" : ",").append("prediction").append(outputCount == 1 ? "" : Integer.toString(j));
        }
        writer.write(line.append('\n').toString());
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            for (int j = 0; j < outputCount; j++) line.append(j == 0 ? "" : ",").append(outputs[r * outputCount + j]);
            writer.write(line.append('\n').toString());
        }
    }

    private static void writeCsv(Writer writer, float[] outputs, int rows, int outputCount) throws IOException {
        StringBuilder line = new StringBuilder("prediction");
        if (outputCount == 1) line.append(",p");
        for (int j = 0; outputCount > 1 && j < outputCount; j++) line.append(",p").append(j);
        writer.write(line.append('\n').toString());
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            line.append(Metrics.predictedClass(outputs, r * outputCount, outputCount));
            for (int j = 0; j < outputCount; j++) line.append(',').append(outputs[r * outputCount + j]);
            writer.write(line.append('\n').toString());
        }
    }
}
