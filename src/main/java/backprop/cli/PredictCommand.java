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
                + "(prediction,p for one output).")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Rows to predict: CSV (a label column, if present, is ignored) or IDX images.")
    Path data;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV label column to ignore when present (default: the last column).")
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
        if (outFile != null) {
            AtomicFile.writeText(outFile, writer -> writeCsv(writer, outputs, samples.rows(), outputCount));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            writeCsv(out, outputs, samples.rows(), outputCount);
            out.flush();
        }
        return Main.OK;
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
