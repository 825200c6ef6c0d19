package backprop;

/**
 * The settings of a training run. Immutable; {@code with...} returns a changed copy and checks the value.
 *
 * <p>Defaults: learning rate {@value #DEFAULT_LEARNING_RATE}, no momentum, full-batch (the numpy example's), batches in
 * order, seed 42, cross-entropy and accuracy tracked when the data has labels.
 */
public final class TrainingConfig {

    /** The learning rate of {@link #defaults()}. */
    public static final float DEFAULT_LEARNING_RATE = 0.1f;
    /** Batch size meaning "all rows", the numpy example's full batch. */
    public static final int FULL_BATCH = 0;

    private final float learningRate;
    private final float momentum;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean classificationMetrics;

    private TrainingConfig(float learningRate, float momentum, int batchSize, boolean shuffle, long seed,
                           boolean classificationMetrics) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.classificationMetrics = classificationMetrics;
    }

    /** The defaults listed above. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(DEFAULT_LEARNING_RATE, 0f, FULL_BATCH, false, 42L, true);
    }

    /** This config with another learning rate, a positive finite number. */
    public TrainingConfig withLearningRate(float value) {
        if (!(value > 0f) || !Float.isFinite(value)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + value);
        }
        return new TrainingConfig(value, momentum, batchSize, shuffle, seed, classificationMetrics);
    }

    /** This config with classical momentum {@code value} in [0, 1); 0 is plain SGD. */
    public TrainingConfig withMomentum(float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + value);
        }
        return new TrainingConfig(learningRate, value, batchSize, shuffle, seed, classificationMetrics);
    }

    /** Rows per mini-batch; {@link #FULL_BATCH} for all rows. */
    public TrainingConfig withBatchSize(int value) {
        if (value < 0) throw new IllegalArgumentException("batch size must be positive, got " + value);
        return new TrainingConfig(learningRate, momentum, value, shuffle, seed, classificationMetrics);
    }

    /** This config with the rows reshuffled every epoch (seeded by {@link #seed()}) or taken in order. */
    public TrainingConfig withShuffle(boolean value) {
        return new TrainingConfig(learningRate, momentum, batchSize, value, seed, classificationMetrics);
    }

    /** The seed of the per-epoch shuffling. */
    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(learningRate, momentum, batchSize, shuffle, value, classificationMetrics);
    }

    /** Whether each epoch also computes cross-entropy and accuracy (costs a log per output). */
    public TrainingConfig withClassificationMetrics(boolean value) {
        return new TrainingConfig(learningRate, momentum, batchSize, shuffle, seed, value);
    }

    /** The learning rate. */
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

    /** The batch size for {@code rows} rows of data. */
    public int effectiveBatchSize(int rows) {
        return batchSize == FULL_BATCH ? rows : Math.min(batchSize, rows);
    }
}
