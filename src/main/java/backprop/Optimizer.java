package backprop;

import java.util.Locale;

/**
 * The update rules, each exactly its {@code torch.optim} namesake's, so that a run can be checked against PyTorch.
 * Weight decay applies to every parameter, weights and biases alike, as it does in PyTorch.
 */
public enum Optimizer {
    /** {@code torch.optim.SGD}: {@code g += wd p; b = mu b + g; p -= lr b} (no buffer without momentum). */
    SGD,
    /** {@code torch.optim.Adam}: bias-corrected moments; weight decay is added to the gradient (L2). */
    ADAM,
    /** {@code torch.optim.AdamW}: Adam with decoupled weight decay, {@code p *= 1 - lr wd} before the step. */
    ADAMW;

    /** The name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAdam() {
        return this != SGD;
    }

    /** Parses a command-line name; the message lists the valid ones. */
    public static Optimizer parse(String name) {
        for (Optimizer o : values()) {
            if (o.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) return o;
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected sgd, adam or adamw)");
    }
}
