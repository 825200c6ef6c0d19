package backprop;

/**
 * The settings of a training run. Immutable; {@code with...} returns a changed copy and checks the value.
 *
 * <p>Defaults: learning rate {@value #DEFAULT_LEARNING_RATE}, SGD without momentum or weight decay, Adam's betas
 * 0.9 and 0.999 and epsilon 1e-8 (PyTorch's), a constant learning rate, full-batch (the numpy
 * example's), batches in order, seed 42, cross-entropy and accuracy tracked when the data has labels, no early
 * stopping (when on: patience {@value #DEFAULT_PATIENCE}, min delta 0).
 */
public final class TrainingConfig {

    /** The learning rate of {@link #defaults()}. */
    public static final float DEFAULT_LEARNING_RATE = 0.1f;
    /** Epochs without improvement that early stopping waits by default, scikit-learn's {@code n_iter_no_change}. */
    public static final int DEFAULT_PATIENCE = 10;
    /** Batch size meaning "all rows", the numpy example's full batch. */
    public static final int FULL_BATCH = 0;

    private float learningRate = DEFAULT_LEARNING_RATE;
    private float momentum;
    private int batchSize = FULL_BATCH;
    private boolean shuffle;
    private long seed = 42L;
    private boolean classificationMetrics = true;
    private Optimizer optimizer = Optimizer.SGD;
    private float weightDecay;
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
    private int epochs = 1;
    private int learningRateStep = 1;
    private float learningRateGamma = 0.1f;
    private boolean earlyStopping;
    private int patience = DEFAULT_PATIENCE;
    private float minDelta;

    private TrainingConfig() {
    }

    /** The defaults listed above. */
    public static TrainingConfig defaults() {
        return new TrainingConfig();
    }

    /** A copy to change one field of; the fields are never written after {@code with...} returns. */
    private TrainingConfig copy() {
        TrainingConfig c = new TrainingConfig();
        c.learningRate = learningRate;
        c.momentum = momentum;
        c.batchSize = batchSize;
        c.shuffle = shuffle;
        c.seed = seed;
        c.classificationMetrics = classificationMetrics;
        c.optimizer = optimizer;
        c.weightDecay = weightDecay;
        c.beta1 = beta1;
        c.beta2 = beta2;
        c.epsilon = epsilon;
        c.schedule = schedule;
        c.epochs = epochs;
        c.learningRateStep = learningRateStep;
        c.learningRateGamma = learningRateGamma;
        c.earlyStopping = earlyStopping;
        c.patience = patience;
        c.minDelta = minDelta;
        return c;
    }

    /** This config with another learning rate, a positive finite number. */
    public TrainingConfig withLearningRate(float value) {
        if (!(value > 0f) || !Float.isFinite(value)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + value);
        }
        TrainingConfig c = copy();
        c.learningRate = value;
        return c;
    }

    /** SGD's momentum (PyTorch's: {@code b = mu b + g}); Adam and AdamW ignore it. */
    public TrainingConfig withMomentum(float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + value);
        }
        TrainingConfig c = copy();
        c.momentum = value;
        return c;
    }

    /** Rows per mini-batch; {@link #FULL_BATCH} for all rows. */
    public TrainingConfig withBatchSize(int value) {
        if (value < 0) throw new IllegalArgumentException("batch size must be positive, got " + value);
        TrainingConfig c = copy();
        c.batchSize = value;
        return c;
    }

    /** This config with the rows reshuffled every epoch (seeded by {@link #seed()}) or taken in order. */
    public TrainingConfig withShuffle(boolean value) {
        TrainingConfig c = copy();
        c.shuffle = value;
        return c;
    }

    /** The seed of the per-epoch shuffling. */
    public TrainingConfig withSeed(long value) {
        TrainingConfig c = copy();
        c.seed = value;
        return c;
    }

    /** Whether each epoch also computes cross-entropy and accuracy (costs a log per output). */
    public TrainingConfig withClassificationMetrics(boolean value) {
        TrainingConfig c = copy();
        c.classificationMetrics = value;
        return c;
    }

    public TrainingConfig withOptimizer(Optimizer value) {
        if (value == null) throw new IllegalArgumentException("optimizer must not be null");
        TrainingConfig c = copy();
        c.optimizer = value;
        return c;
    }

    /** Weight decay of every parameter, weights and biases: L2 for SGD and Adam, decoupled for AdamW. */
    public TrainingConfig withWeightDecay(float value) {
        if (!(value >= 0f) || !Float.isFinite(value)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + value);
        }
        TrainingConfig c = copy();
        c.weightDecay = value;
        return c;
    }

    /** Adam's and AdamW's moment decay rates and the epsilon added to the root of the second moment. */
    public TrainingConfig withAdam(float beta1, float beta2, float epsilon) {
        if (!(beta1 >= 0f && beta1 < 1f)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0f && beta2 < 1f)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("eps must be a positive finite number, got " + epsilon);
        }
        TrainingConfig c = copy();
        c.beta1 = beta1;
        c.beta2 = beta2;
        c.epsilon = epsilon;
        return c;
    }

    /**
     * The learning rate's schedule over a run of {@code epochs} epochs (the span of cosine), stepping by
     * {@code gamma} every {@code stepEpochs} epochs for {@link LearningRateSchedule#STEP}.
     */
    public TrainingConfig withSchedule(LearningRateSchedule value, int epochs, int stepEpochs, float gamma) {
        if (value == null) throw new IllegalArgumentException("schedule must not be null");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (stepEpochs < 1) throw new IllegalArgumentException("the step must be at least 1 epoch, got " + stepEpochs);
        if (!(gamma > 0f) || !Float.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a positive finite number, got " + gamma);
        }
        TrainingConfig c = copy();
        c.schedule = value;
        c.epochs = epochs;
        c.learningRateStep = stepEpochs;
        c.learningRateGamma = gamma;
        return c;
    }

    /**
     * Early stopping on the validation loss: an epoch improves when its loss is below the best so far by more
     * than {@code minDelta}; after {@code patience} epochs in a row without improvement the run should stop and
     * keep the best epoch's weights (see {@link Trainer#patienceExhausted()}). Needs validation rows.
     */
    public TrainingConfig withEarlyStopping(int patience, float minDelta) {
        if (patience < 1) throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        if (!(minDelta >= 0f) || !Float.isFinite(minDelta)) {
            throw new IllegalArgumentException("min delta must be a finite number >= 0, got " + minDelta);
        }
        TrainingConfig c = copy();
        c.earlyStopping = true;
        c.patience = patience;
        c.minDelta = minDelta;
        return c;
    }

    /** Whether the run stops early on the validation loss. */
    public boolean earlyStopping() {
        return earlyStopping;
    }

    /** Epochs without improvement before early stopping stops. */
    public int patience() {
        return patience;
    }

    /** How much lower than the best a validation loss must be to count as an improvement. */
    public float minDelta() {
        return minDelta;
    }

    /** The learning rate of the first epoch; the schedule's base. */
    public float learningRate() {
        return learningRate;
    }

    /** The momentum, 0 for none. */
    public float momentum() {
        return momentum;
    }

    /** Rows per mini-batch, or {@link #FULL_BATCH}. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether rows are reshuffled every epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The seed of the shuffling. */
    public long seed() {
        return seed;
    }

    /** Whether epochs also compute cross-entropy and accuracy. */
    public boolean classificationMetrics() {
        return classificationMetrics;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public float weightDecay() {
        return weightDecay;
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float epsilon() {
        return epsilon;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The epochs of the run, as the schedule knows them. */
    public int epochs() {
        return epochs;
    }

    public int learningRateStep() {
        return learningRateStep;
    }

    public float learningRateGamma() {
        return learningRateGamma;
    }

    /** Whether SGD keeps a momentum buffer. */
    public boolean usesMomentum() {
        return optimizer == Optimizer.SGD && momentum > 0f;
    }

    /** The batch size for {@code rows} rows of data. */
    public int effectiveBatchSize(int rows) {
        return batchSize == FULL_BATCH ? rows : Math.min(batchSize, rows);
    }
}
