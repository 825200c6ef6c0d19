package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import backprop.data.CsvOptions;
import backprop.data.Samples;
import backprop.kernel.Kernels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** A model file and what evaluate and predict do with it: fit data to it and run it. */
final class SavedModel {

    /** Rows per forward pass, so that a large file never needs every layer's outputs at once. */
    private static final int BATCH = 1024;

    final Path path;
    final Network network;

    private SavedModel(Path path, Network network) {
        this.path = path;
        this.network = network;
    }

    static SavedModel read(Path path) throws IOException {
        return new SavedModel(path, ModelFile.read(path));
    }

    /** Checks that the rows fit the model and normalises them in place as training did. */
    void prepare(Samples samples) {
        if (samples.inputs() != network.inputs()) {
            throw new Main.CommandFailure(path + ": the model takes " + network.inputs() + " inputs but "
                    + samples.source() + " has " + samples.inputs() + " input columns");
        }
        if (network.normalization() != null) network.normalization().apply(samples.features(), samples.rows());
    }

    /** The classes the model can predict: 0 and 1 for a single output, else one per output. */
    SortedSet<Integer> classes() {
        SortedSet<Integer> classes = new TreeSet<>();
        for (int k = 0; k < network.classCount(); k++) classes.add(k);
        return classes;
    }

    /**
     * The rows of {@code data} in the model's input order, with their labels (a regression model's target columns)
     * when {@code labelRequired}.
     */
    Samples read(Path data, Path labelsFile, CsvOptions options, boolean labelRequired) throws IOException {
        return Samples.readForModel(data, labelsFile, options, network.columns(), network.inputs(), labelCount(),
                labelRequired, path.toString());
    }

    /** The label columns the model's data has: one per target for a regression model, else one. */
    int labelCount() {
        return network.isRegression() ? network.outputs() : 1;
    }

    /** The class of every labelled row: by name when the model has class names, else by number. */
    int[] classLabels(Samples samples) throws IOException {
        return samples.classLabels(network.columns().classNames(), classes(), "the model's");
    }

    /** Class {@code k}'s name: the model's class name, or the number. */
    String className(int k) {
        List<String> names = network.columns().classNames();
        return names.isEmpty() ? Integer.toString(k) : names.get(k);
    }

    /**
     * The model's outputs for every row, {@code rows x outputs}: class scores, or a regression model's predicted
     * values in the targets' units (its target normalization undone).
     */
    float[] outputs(Samples samples, Kernels kernels) {
        int inputs = network.inputs();
        int outputs = network.outputs();
        float[] result = new float[samples.rows() * outputs];
        for (int start = 0; start < samples.rows(); start += BATCH) {
            int rows = Math.min(BATCH, samples.rows() - start);
            float[] batch = Arrays.copyOfRange(samples.features(), start * inputs, (start + rows) * inputs);
            System.arraycopy(network.predict(batch, rows, kernels), 0, result, start * outputs, rows * outputs);
        }
        if (network.targetNormalization() != null) network.targetNormalization().undo(result, samples.rows());
        return result;
    }
}
