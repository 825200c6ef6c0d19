package backprop;

import backprop.data.Dataset;

/**
 * The training loss of a network on a dataset, recomputed in double precision by a plain forward pass that shares
 * nothing with the kernels, and its gradient by central finite differences: the reference that backpropagation's
 * analytic gradients are checked against. The loss is the one whose gradient is the output delta {@code a - y}:
 * binary cross-entropy summed over sigmoid outputs, cross-entropy for softmax, or {@code 0.5 * sum((a - y)^2)} for
 * identity outputs (regression), averaged over rows.
 */
public final class NumericalGradient {

    private final Network network;
    private final Dataset data;
    private final double[][] weights;
    private final double[][] biases;

    /** Takes a double copy of {@code network}'s parameters; the network itself is never changed. */
    public NumericalGradient(Network network, Dataset data) {
        this.network = network;
        this.data = data;
        weights = new double[network.depth()][];
        biases = new double[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            weights[l] = toDouble(network.weights(l));
            biases[l] = toDouble(network.biases(l));
        }
    }

    /** {@code d loss / d W[l]} for every weight of layer {@code l}, shaped like {@link Network#weights(int)}. */
    public double[] weights(int l, double step) {
        return differences(weights[l], step);
    }

    /** {@code d loss / d b[l]} for every bias of layer {@code l}. */
    public double[] biases(int l, double step) {
        return differences(biases[l], step);
    }

    private double[] differences(double[] parameters, double step) {
        double[] gradient = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            double original = parameters[i];
            parameters[i] = original + step;
            double up = loss();
            parameters[i] = original - step;
            double down = loss();
            parameters[i] = original;
            gradient[i] = (up - down) / (2 * step);
        }
        return gradient;
    }

    /** The mean loss over all rows at the current double parameters. */
    public double loss() {
        Activation output = network.activation(network.depth() - 1);
        double total = 0;
        for (int r = 0; r < data.rows(); r++) {
            double[] a = new double[network.inputs()];
            for (int k = 0; k < a.length; k++) a[k] = data.features()[r * a.length + k];
            for (int l = 0; l < network.depth(); l++) a = layer(l, a);
            for (int j = 0; j < a.length; j++) {
                double y = data.targets()[r * a.length + j];
                if (output == Activation.IDENTITY) {
                    total += 0.5 * (a[j] - y) * (a[j] - y);
                    continue;
                }
                total -= output == Activation.SOFTMAX ? y * Math.log(a[j])
                        : y * Math.log(a[j]) + (1 - y) * Math.log(1 - a[j]);
            }
        }
        return total / data.rows();
    }

    private double[] layer(int l, double[] input) {
        int outputs = network.layerSize(l + 1);
        double[] z = biases[l].clone();
        for (int k = 0; k < input.length; k++) {
            for (int j = 0; j < outputs; j++) z[j] += input[k] * weights[l][k * outputs + j];
        }
        Activation activation = network.activation(l);
        if (activation == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) max = Math.max(max, v);
            double sum = 0;
            for (int j = 0; j < outputs; j++) sum += z[j] = Math.exp(z[j] - max);
            for (int j = 0; j < outputs; j++) z[j] /= sum;
            return z;
        }
        for (int j = 0; j < outputs; j++) {
            switch (activation) {
                case SIGMOID:
                    z[j] = 1 / (1 + Math.exp(-z[j]));
                    break;
                case TANH:
                    z[j] = Math.tanh(z[j]);
                    break;
                case IDENTITY:
                    break;
                default:
                    z[j] = Math.max(0, z[j]);
            }
        }
        return z;
    }

    private static double[] toDouble(float[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) copy[i] = values[i];
        return copy;
    }
}
