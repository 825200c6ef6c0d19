package backprop;

import java.util.Locale;

/**
 * How the learning rate changes from epoch to epoch, as PyTorch's schedulers do when stepped once per epoch:
 * constant, {@code StepLR} and {@code CosineAnnealingLR} (down to 0 at {@code T_max = epochs}).
 */
public enum LearningRateSchedule {
    CONSTANT,
    /** {@code lr * gamma^(epoch / stepEpochs)}, the division rounding down. */
    STEP,
    /** {@code lr * (1 + cos(pi * epoch / epochs)) / 2}. */
    COSINE;

    /** The learning rate of epoch {@code epoch}, counted from 0, under {@code config}. */
    public float rate(TrainingConfig config, int epoch) {
        double base = config.learningRate();
        switch (this) {
            case STEP:
                return (float) (base * Math.pow(config.learningRateGamma(), epoch / config.learningRateStep()));
            case COSINE:
                return (float) (base * (1 + Math.cos(Math.PI * epoch / config.epochs())) / 2);
            default:
                return (float) base;
        }
    }

    /** The name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name; the message lists the valid ones. */
    public static LearningRateSchedule parse(String name) {
        for (LearningRateSchedule s : values()) {
            if (s.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) return s;
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                + "' (expected constant, step or cosine)");
    }
}
