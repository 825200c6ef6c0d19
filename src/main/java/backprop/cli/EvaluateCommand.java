package backprop.cli;

import backprop.Evaluator;
import backprop.Metrics;
import backprop.RegressionMetrics;
import backprop.data.Dataset;
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
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Loss, accuracy and the confusion matrix of a saved classifier on labelled data; MSE, RMSE, MAE and R^2 of a
 * regression model on data with its target columns.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Loss, accuracy and confusion matrix of a saved classifier on labelled data; MSE, RMSE, MAE "
                + "and R^2 of a regression model (targets named by --label).")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by train --save.")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOption backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SavedModel saved = SavedModel.read(model);
        Samples samples = saved.read(data.data, data.labels, data.csv(), true);
        saved.prepare(samples);
        if (saved.network.isRegression()) return evaluateRegression(saved, samples);
        // a pass for the metrics and one for the confusion matrix
        Kernels kernels = backend.kernelsForRun(
                2.0 * samples.rows() * KernelProvider.inferenceMultiplyAddsPerRow(saved.network.layers()));
        int[] classLabels = saved.classLabels(samples);
        Dataset dataset = TrainCommand.dataset(saved.network, samples, classLabels, null);
        Metrics metrics = Evaluator.evaluate(saved.network, dataset, kernels);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %d rows  loss %.4f  cross-entropy %.4f  accuracy %.4f%n", model,
                samples.source(), metrics.rows(), metrics.mse(), metrics.crossEntropy(), metrics.accuracy());
        printConfusion(out, confusion(saved.outputs(samples, kernels), classLabels, saved.network.outputs(),
                saved.network.classCount()), saved);
        out.flush();
        return Main.OK;
    }

    private int evaluateRegression(SavedModel saved, Samples samples) throws IOException {
        int outputs = saved.network.outputs();
        if (samples.targetCount() != outputs) {
            throw new Main.CommandFailure(model + ": the model predicts " + outputs + " targets but --label names "
                    + samples.targetCount() + " column" + (samples.targetCount() == 1 ? "" : "s") + " of "
                    + samples.source());
        }
        float[] targets = samples.targets();
        Kernels kernels = backend.kernelsForRun(
                samples.rows() * KernelProvider.inferenceMultiplyAddsPerRow(saved.network.layers()));
        RegressionMetrics metrics = RegressionMetrics.of(saved.outputs(samples, kernels), targets, samples.rows(),
                outputs);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %d rows  %s%n", model, samples.source(), metrics.rows(), metrics);
        out.flush();
        return Main.OK;
    }

    private static int[][] confusion(float[] outputs, int[] labels, int outputCount, int classes) {
        int[][] counts = new int[classes][classes];
        for (int r = 0; r < labels.length; r++) {
            counts[labels[r]][Metrics.predictedClass(outputs, r * outputCount, outputCount)]++;
        }
        return counts;
    }

    private static void printConfusion(PrintWriter out, int[][] counts, SavedModel saved) {
        int width = 6;
        for (int[] row : counts) for (int c : row) width = Math.max(width, Integer.toString(c).length() + 1);
        for (int k = 0; k < counts.length; k++) width = Math.max(width, saved.className(k).length() + 1);
        String cell = "%" + width + "s";
        out.println("confusion matrix (rows: actual class, columns: predicted class)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, cell, ""));
        for (int k = 0; k < counts.length; k++) header.append(String.format(Locale.ROOT, cell, saved.className(k)));
        out.println(header);
        for (int actual = 0; actual < counts.length; actual++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, cell, saved.className(actual)));
            for (int c : counts[actual]) line.append(String.format(Locale.ROOT, "%" + width + "d", c));
            out.println(line);
        }
    }
}
