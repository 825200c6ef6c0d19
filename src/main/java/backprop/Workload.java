package backprop;

import backprop.data.Dataset;
import backprop.kernel.Kernels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The four training workloads that every benchmark, script and test names: one definition, so that a number
 * measured by JMH, by a peer or by the regression gate always means the same network, data and settings.
 *
 * <p>All are sigmoid on every layer, trained by plain SGD with learning rate {@value #LEARNING_RATE}, mini-batches
 * in data order (no shuffling), no classification metrics (they would add a logarithm per output to the step).
 * The XOR workload trains on the XOR table; the others on synthetic inputs uniform in [0, 1) with one-hot
 * targets, both drawn from {@link #SEED}, because speed does not depend on what the numbers are.
 */
public enum Workload {
    /** The numpy example's 2-4-1 network on the four rows of the XOR table, full batch. */
    XOR(new int[] {2, 4, 1}, 4, 4),
    /** The size of the scikit-learn digits: 8x8 images, 10 classes. */
    DIGITS(new int[] {64, 32, 10}, 1797, 64),
    /** The size of an MNIST subset: 28x28 images, a hidden layer of 128, 10 classes. */
    MNIST(new int[] {784, 128, 10}, 10000, 128),
    /** Square layers large enough that the matrix products alone decide the speed. */
    WIDE(new int[] {1024, 1024, 1024}, 4096, 256);

    /** The seed of the synthetic data and of the start weights. */
    public static final long SEED = 42L;
    public static final float LEARNING_RATE = 0.1f;

    private static final float[] XOR_INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final int[] XOR_LABELS = {0, 1, 1, 0};

    private final int[] layers;
    private final int rows;
    private final int batchSize;

    Workload(int[] layers, int rows, int batchSize) {
        this.layers = layers;
        this.rows = rows;
        this.batchSize = batchSize;
    }

    /** The lower-case name used on command lines, in JMH parameters and in result files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The workload named {@code id} (case-insensitive); the message lists the valid names. */
    public static Workload parse(String id) {
        for (Workload w : values()) {
            if (w.id().equalsIgnoreCase(id == null ? "" : id.trim())) return w;
        }
        throw new IllegalArgumentException("unknown workload '" + id + "' (expected "
                + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")) + ")");
    }

    public int[] layers() {
        return layers.clone();
    }

    public int rows() {
        return rows;
    }

    public int batchSize() {
        return batchSize;
    }

    /** For example {@code 784-128-10 N10000 B128}. */
    public String shape() {
        return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining("-"))
                + " N" + rows + " B" + batchSize;
    }

    /** The training data; a new copy on every call. */
    public Dataset dataset() {
        int inputs = layers[0];
        int outputs = layers[layers.length - 1];
        if (this == XOR) {
            return Dataset.classification(XOR_INPUTS.clone(), XOR_LABELS.clone(), rows, inputs, 2, true);
        }
        return randomClassification(rows, inputs, outputs, SEED);
    }

    /** {@code rows} rows of inputs uniform in [0, 1) and labels of {@code classes} classes, drawn from {@code seed}. */
    public static Dataset randomClassification(int rows, int inputs, int classes, long seed) {
        Random random = new Random(seed);
        float[] features = new float[rows * inputs];
        for (int i = 0; i < features.length; i++) features[i] = random.nextFloat();
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(classes);
        return Dataset.classification(features, labels, rows, inputs, classes, false);
    }

    /** The network at its start weights (Xavier, drawn from {@link #SEED}); a new one on every call. */
    public Network network() {
        return Network.create(layers, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, SEED);
    }

    public TrainingConfig config() {
        return TrainingConfig.defaults()
                .withLearningRate(LEARNING_RATE)
                .withBatchSize(batchSize)
                .withShuffle(false)
                .withClassificationMetrics(false);
    }

    /** A trainer of a fresh network on fresh data, computing with {@code kernels}. */
    public Trainer trainer(Kernels kernels) {
        return new Trainer(network(), dataset(), kernels, config());
    }

    /**
     * Floating-point operations in one epoch, counting a multiply-add as 2: per layer the forward product and the
     * weight-gradient product, plus the delta product of every layer but the first (no one needs the gradient of
     * the inputs). Activations, biases and the update are left out, as the usual GEMM count does.
     */
    public double flopsPerEpoch() {
        double perRow = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            double products = l == 0 ? 2 : 3;
            perRow += products * 2.0 * layers[l] * layers[l + 1];
        }
        return perRow * rows;
    }
}
