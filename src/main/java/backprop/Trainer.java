package backprop;

import backprop.data.Dataset;
import backprop.kernel.FusedStep;
import backprop.kernel.Kernels;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The algorithm of the numpy example in docs/ORIGIN.md, generalised to any depth and to mini-batches: forward
 * pass, loss, backward pass by the chain rule, update by the config's {@link Optimizer}. All arithmetic goes through
 * {@link Kernels}; all buffers live in a {@link Workspace}, so after the first epoch an epoch allocates nothing.
 *
 * <p>Given validation rows, every epoch ends with a forward pass over them ({@link #validationMetrics()}); with the
 * config's early stopping it also keeps the parameters of the epoch with the lowest validation loss and counts the
 * epochs without improvement, so that the caller can stop ({@link #patienceExhausted()}) and go back to them
 * ({@link #restoreBestEpoch()}).
 *
 * <p>As in the numpy example, every delta of a step is computed from the weights as they were at the start of the step:
 * the backward pass walks from the output down, and layer {@code l}'s weights change only after the delta below
 * them has been computed with them.
 *
 * <p>Its text is built in {@code TrainingMessages}: a string constant here would be allocated mid-training.
 */
public final class Trainer {

    /** Where the backward pass sends each layer's gradient. */
    private enum Sink {
        /**
         * Straight into the weights: {@code W += -lr/m * A^T delta}, the update fused into the product (after
         * {@code W *= 1 - lr wd} with weight decay, which is {@code torch.optim.SGD}'s {@code g += wd W}).
         */
        SGD,
        /** Into PyTorch's momentum buffer {@code b = mu b + A^T delta / m + wd W}, then {@code W -= lr b}. */
        MOMENTUM,
        /** Into the workspace's gradient buffers, then one fused Adam (or AdamW) update per parameter array. */
        ADAM,
        /** Into zeroed gradient buffers, {@code dW = A^T delta / m}, leaving the weights alone. */
        GRADIENT
    }

    private final Network network;
    private final Dataset data;
    private final Kernels kernels;
    private final TrainingConfig config;
    private final Workspace workspace;
    private final int batchSize;
    private final int[] order;
    private final Random shuffleRandom;
    /** How each training step updates the parameters: the config's optimizer. */
    private final Sink updateSink;
    /** The learning rate of the running (or last) epoch, from the config's schedule. */
    private float learningRate;
    /** Epochs started, counted from 0 for the schedule. */
    private int epochsStarted;
    private final Metrics metrics = new Metrics();
    private final boolean trackClassification;
    private volatile boolean stopRequested;
    /**
     * Written with release stores, not volatile ones: a progress display needs the count eventually, and a full
     * fence per batch is a noticeable share of a batch as small as XOR's.
     */
    private final AtomicInteger rowsDoneThisEpoch = new AtomicInteger();
    private final boolean readsDataInPlace;
    /**
     * The kernels' whole-step path for this shape, used for every batch of the configured size when the optimizer
     * is plain SGD (no momentum, no weight decay); else null.
     */
    private final FusedStep fusedStep;
    private final float[][] weights;
    private final float[][] biases;
    /** Rows never trained on, evaluated after every epoch; null without validation. */
    private final Dataset validation;
    private final Workspace validationWorkspace;
    private final Metrics validationMetrics = new Metrics();
    private double bestValidationLoss = Double.POSITIVE_INFINITY;
    /** The 1-based epoch whose parameters are kept as the best, 0 before any. */
    private int bestEpoch;
    private int epochsWithoutImprovement;

    /**
     * A trainer that updates {@code network} in place on {@code data}, computing with {@code kernels} (from {@link
     * backprop.kernel.KernelProvider#create}), which it then owns. Allocates all its buffers here.
     */
    public Trainer(Network network, Dataset data, Kernels kernels, TrainingConfig config) {
        this(network, data, null, kernels, config);
    }

    /**
     * A trainer as above that also evaluates {@code validation} (rows held out of {@code data}, normalised the same
     * way; may be null) after every epoch, as the config's early stopping needs.
     */
    public Trainer(Network network, Dataset data, Dataset validation, Kernels kernels, TrainingConfig config) {
        if (data.inputs() != network.inputs()) {
            throw new IllegalArgumentException(TrainingMessages.inputColumnsMismatch(data.inputs(), network.inputs()));
        }
        if (data.outputs() != network.outputs()) {
            throw new IllegalArgumentException(TrainingMessages.targetsMismatch(data.outputs(), network.outputs()));
        }
        if (validation != null && (validation.inputs() != data.inputs() || validation.outputs() != data.outputs())) {
            throw new IllegalArgumentException(TrainingMessages.validationShapeMismatch());
        }
        if (config.earlyStopping() && validation == null) {
            throw new IllegalArgumentException(TrainingMessages.earlyStoppingWithoutValidation());
        }
        this.validation = validation;
        this.validationWorkspace = validation == null ? null : Evaluator.workspaceFor(network, validation);
        this.network = network;
        this.data = data;
        this.kernels = kernels;
        this.config = config;
        this.batchSize = config.effectiveBatchSize(data.rows());
        this.readsDataInPlace = !config.shuffle();
        this.workspace = new Workspace(network, batchSize, readsDataInPlace ? data : null, config);
        this.learningRate = config.learningRate();
        this.updateSink = config.optimizer().isAdam() ? Sink.ADAM : config.usesMomentum() ? Sink.MOMENTUM : Sink.SGD;
        boolean plainSgd = updateSink == Sink.SGD && config.weightDecay() == 0f;
        this.order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        this.shuffleRandom = new Random(config.seed());
        this.trackClassification = config.classificationMetrics() && data.isClassification();
        this.fusedStep = !plainSgd ? null
                : kernels.fusedStep(network.layers(), network.activations(), batchSize).orElse(null);
        this.weights = new float[network.depth()][];
        this.biases = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            weights[l] = network.weights(l);
            biases[l] = network.biases(l);
        }
    }

    /**
     * Trains one epoch: every row once, in mini-batches (reshuffled first when the config says so). The returned
     * metrics are of the outputs each batch produced before its update, and are reused by the next epoch.
     */
    public Metrics epoch() {
        metrics.reset();
        learningRate = config.schedule().rate(config, epochsStarted++);
        if (config.shuffle()) shuffleOrder();
        int rows = data.rows();
        rowsDoneThisEpoch.lazySet(0);
        for (int start = 0; start < rows && !stopRequested; start += batchSize) {
            int m = Math.min(batchSize, rows - start);
            int firstRow = readsDataInPlace ? start : 0;
            if (!readsDataInPlace) copyShuffledRows(start, m);
            float squaredError;
            if (fusedStep != null && m == batchSize) {
                squaredError = fusedStep.train(workspace.activations[0], firstRow * network.inputs(),
                        workspace.targets, firstRow * network.outputs(), weights, biases, -learningRate / m,
                        workspace.activations[network.depth()]);
            } else {
                network.forward(kernels, workspace.activations, firstRow * network.inputs(), m);
                squaredError = outputDelta(firstRow, m);
                if (updateSink == Sink.ADAM) advanceAdam();
                backward(firstRow, m, updateSink, null, null);
            }
            // the outputs are those of the forward pass, from before the update
            metrics.addSquaredError(squaredError, m, network.outputs());
            if (trackClassification) {
                metrics.addClassification(workspace.activations[network.depth()], workspace.targets,
                        workspace.batchLabels, firstRow, m, network.outputs(), network.activation(network.depth() - 1));
            }
            rowsDoneThisEpoch.lazySet(start + m);
            kernels.stepEnded();
        }
        if (validation != null && !stopRequested) validate();
        return metrics;
    }

    /** The validation pass after an epoch, and early stopping's bookkeeping. */
    private void validate() {
        Evaluator.evaluate(network, validation, kernels, validationWorkspace, validationMetrics);
        if (!config.earlyStopping()) return;
        double loss = validationMetrics.validationLoss();
        // as scikit-learn does: patience counts epochs that miss the best by min delta, the best is the lowest loss
        if (loss < bestValidationLoss - config.minDelta()) {
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        if (loss < bestValidationLoss) {
            bestValidationLoss = loss;
            bestEpoch = epochsStarted;
            for (int l = 0; l < weights.length; l++) {
                System.arraycopy(weights[l], 0, workspace.bestWeights[l], 0, weights[l].length);
                System.arraycopy(biases[l], 0, workspace.bestBiases[l], 0, biases[l].length);
            }
        }
    }

    /**
     * The metrics of the validation rows after the last epoch (loss, and cross-entropy and accuracy for
     * classification); reused by the next epoch. Empty without validation rows.
     */
    public Metrics validationMetrics() {
        return validationMetrics;
    }

    /** Whether this trainer evaluates validation rows after every epoch. */
    public boolean validates() {
        return validation != null;
    }

    /**
     * Whether early stopping's patience has run out: the last {@code patience} epochs each missed the best
     * validation loss by at least min delta. Always false without early stopping.
     */
    public boolean patienceExhausted() {
        return config.earlyStopping() && epochsWithoutImprovement >= config.patience();
    }

    /** The 1-based epoch with the lowest validation loss so far, 0 before the first or without early stopping. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The lowest validation loss so far ({@link Metrics#validationLoss()}), infinite before the first epoch. */
    public double bestValidationLoss() {
        return bestValidationLoss;
    }

    /** Puts the parameters of {@link #bestEpoch()} back into the network; needs early stopping and one epoch. */
    public void restoreBestEpoch() {
        if (bestEpoch == 0) throw new IllegalStateException(TrainingMessages.noBestEpoch());
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(workspace.bestWeights[l], 0, weights[l], 0, weights[l].length);
            System.arraycopy(workspace.bestBiases[l], 0, biases[l], 0, biases[l].length);
        }
    }

    /** How many rows the running (or last) epoch has trained on; for progress displays on another thread. */
    public int rowsDoneThisEpoch() {
        return rowsDoneThisEpoch.get();
    }

    /**
     * Asks the running (or next) epoch to stop after its current mini-batch; safe to call from another thread,
     * such as a Ctrl-C handler. The weights are then those after the last completed step.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether {@link #requestStop} was called. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * The gradient of the mean loss over rows {@code start .. start+rows-1} (in data order) into {@code weightGrads}
     * and {@code biasGrads}, shaped like the network's parameters; the network is not changed. The loss is binary
     * cross-entropy for sigmoid outputs and cross-entropy for softmax, whose gradient is the delta {@code a - y}.
     */
    public void gradients(int start, int rows, float[][] weightGrads, float[][] biasGrads) {
        boolean fits = rows > 0 && rows <= batchSize && start >= 0 && start + rows <= data.rows();
        if (!fits) throw new IllegalArgumentException(TrainingMessages.notOneBatch(start, rows));
        boolean shaped = weightGrads.length == network.depth() && biasGrads.length == network.depth();
        for (int l = 0; shaped && l < network.depth(); l++) {
            shaped = weightGrads[l].length == network.weights(l).length
                    && biasGrads[l].length == network.biases(l).length;
        }
        if (!shaped) throw new IllegalArgumentException(TrainingMessages.gradientShapeMismatch());
        int firstRow = readsDataInPlace ? start : 0;
        if (!readsDataInPlace) copyRowsInFileOrder(start, rows);
        network.forward(kernels, workspace.activations, firstRow * network.inputs(), rows);
        outputDelta(firstRow, rows);
        backward(firstRow, rows, Sink.GRADIENT, weightGrads, biasGrads);
    }

    private void shuffleOrder() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffleRandom.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void copyRowsInFileOrder(int start, int m) {
        System.arraycopy(data.features(), start * data.inputs(), workspace.activations[0], 0, m * data.inputs());
        System.arraycopy(data.targets(), start * data.outputs(), workspace.targets, 0, m * data.outputs());
        if (data.labels() != null) System.arraycopy(data.labels(), start, workspace.batchLabels, 0, m);
    }

    private void copyShuffledRows(int start, int m) {
        int inputs = data.inputs();
        int outputs = data.outputs();
        int[] labels = data.labels();
        for (int r = 0; r < m; r++) {
            int row = order[start + r];
            System.arraycopy(data.features(), row * inputs, workspace.activations[0], r * inputs, inputs);
            System.arraycopy(data.targets(), row * outputs, workspace.targets, r * outputs, outputs);
            if (labels != null) workspace.batchLabels[r] = labels[row];
        }
    }

    /** Batches in file order are read where they lie in the data, from row {@code firstRow}; shuffled ones from 0. */
    private float outputDelta(int firstRow, int m) {
        int last = network.depth();
        return kernels.outputDelta(workspace.activations[last], workspace.targets, firstRow * network.outputs(),
                m * network.outputs(), workspace.deltas[last]);
    }

    private void advanceAdam() {
        workspace.optimizerSteps++;
        workspace.adamStep.set(workspace.optimizerSteps, learningRate, config.beta1(), config.beta2(),
                config.epsilon(), config.weightDecay(), config.optimizer() == Optimizer.ADAMW);
    }

    private void backward(int firstRow, int m, Sink sink, float[][] weightGrads, float[][] biasGrads) {
        float lr = learningRate;
        float decay = config.weightDecay();
        for (int l = network.depth() - 1; l >= 0; l--) {
            int inputs = network.layerSize(l);
            int outputs = network.layerSize(l + 1);
            float[] delta = workspace.deltas[l + 1];
            // the delta below must see this layer's weights before they change
            if (l > 0) {
                kernels.backpropDelta(delta, m, outputs, network.weights(l), inputs, workspace.activations[l],
                        network.activation(l - 1), workspace.deltas[l]);
            }
            float[] input = workspace.activations[l];
            int inputOffset = l == 0 ? firstRow * inputs : 0;
            float[] w = network.weights(l);
            float[] b = network.biases(l);
            switch (sink) {
                case SGD:
                    if (decay != 0f) {
                        // the product below does not read W, so decaying first is W - lr (g + wd W)
                        kernels.scale(w, w.length, 1f - lr * decay);
                        kernels.scale(b, b.length, 1f - lr * decay);
                    }
                    kernels.addWeightGradient(input, inputOffset, delta, m, inputs, outputs, -lr / m, w);
                    kernels.addColumnSums(delta, m, outputs, -lr / m, b);
                    break;
                case MOMENTUM: {
                    float[] bufferW = workspace.weightMoments[l];
                    float[] bufferB = workspace.biasMoments[l];
                    kernels.scale(bufferW, bufferW.length, config.momentum());
                    kernels.scale(bufferB, bufferB.length, config.momentum());
                    kernels.addWeightGradient(input, inputOffset, delta, m, inputs, outputs, 1f / m, bufferW);
                    kernels.addColumnSums(delta, m, outputs, 1f / m, bufferB);
                    if (decay != 0f) {
                        kernels.addScaled(bufferW, w, w.length, decay);
                        kernels.addScaled(bufferB, b, b.length, decay);
                    }
                    kernels.addScaled(w, bufferW, w.length, -lr);
                    kernels.addScaled(b, bufferB, b.length, -lr);
                    break;
                }
                case ADAM: {
                    // zero from allocation, then from the previous step's adamUpdate
                    float[] gradW = workspace.weightGradients[l];
                    float[] gradB = workspace.biasGradients[l];
                    kernels.addWeightGradient(input, inputOffset, delta, m, inputs, outputs, 1f / m, gradW);
                    kernels.addColumnSums(delta, m, outputs, 1f / m, gradB);
                    kernels.adamUpdate(w, gradW, workspace.weightMoments[l], workspace.weightSquares[l], w.length,
                            workspace.adamStep);
                    kernels.adamUpdate(b, gradB, workspace.biasMoments[l], workspace.biasSquares[l], b.length,
                            workspace.adamStep);
                    break;
                }
                default:
                    Arrays.fill(weightGrads[l], 0f);
                    Arrays.fill(biasGrads[l], 0f);
                    kernels.addWeightGradient(input, inputOffset, delta, m, inputs, outputs, 1f / m, weightGrads[l]);
                    kernels.addColumnSums(delta, m, outputs, 1f / m, biasGrads[l]);
            }
        }
    }

    /** The learning rate of the running epoch, or of the last one between epochs. */
    public float learningRate() {
        return learningRate;
    }

    /** The network being trained. */
    public Network network() {
        return network;
    }

    /** The kernels it computes with; also usable for {@link Evaluator#evaluate}. */
    public Kernels kernels() {
        return kernels;
    }

    /** The settings it trains with. */
    public TrainingConfig config() {
        return config;
    }

    /** Rows per mini-batch, the full batch resolved to the number of rows. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The buffers of the last step, for code that shows its intermediate values (explain). After a step the
     * kernels ran fused ({@link Kernels#fusedStep}), only the inputs, targets and outputs are that step's.
     */
    public Workspace workspace() {
        return workspace;
    }
}
