package backprop.plot;

import backprop.Network;
import backprop.TrainingHistory;
import backprop.data.Dataset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The picture options a training command shares ({@code --plot}, {@code --boundary}, {@code --frames},
 * {@code --frame-every}, {@code --image-size}), as a picocli mixin, with the three moments a command needs them:
 * {@link #checkBeforeTraining} (so a bad path fails before the training it would waste), {@link #afterEpoch} and
 * {@link #writeAfterTraining}.
 */
public final class PictureOptions {

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Chart the loss (and accuracy) per epoch into FILE, PNG or SVG by its extension.")
    Path plot;

    @Option(names = "--boundary", paramLabel = "FILE",
            description = "Chart the network's output over the input plane, with the training points, into"
                    + " FILE, PNG or SVG by its extension; data with 2 input columns only.")
    Path boundary;

    @Option(names = "--frames", paramLabel = "DIR",
            description = "Write the decision boundary as DIR/epoch-NNNNN.png every --frame-every epochs.")
    Path frames;

    @Option(names = "--frame-every", paramLabel = "K", defaultValue = "10",
            description = "Epochs between two frames (default: ${DEFAULT-VALUE}).")
    int frameEvery;

    @Option(names = "--image-size", paramLabel = "WIDTHxHEIGHT", defaultValue = "800x600",
            converter = SizeConverter.class, description = "Pixel size of the pictures (default: ${DEFAULT-VALUE}).")
    ChartSize size = ChartSize.DEFAULT;

    /** The command these options are mixed into, whose usage errors they raise; null outside picocli. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private BoundaryFrames frameWriter;

    /** True when any picture was asked for, so a command can skip recording what no one will draw. */
    public boolean wanted() {
        return plot != null || boundary != null || frames != null;
    }

    /** True when a loss curve was asked for: the command must then keep a {@link TrainingHistory}. */
    public boolean wantsHistory() {
        return plot != null;
    }

    /**
     * Checks every asked-for path and that a boundary can be drawn for this network and data, and writes the
     * first frame (epoch 0, the start weights) when frames are asked for.
     *
     * @throws ParameterException (a usage error of the command; {@link IllegalArgumentException} outside picocli)
     *                            for an unknown extension, a bad {@code --frame-every}, or a boundary or frames of
     *                            data without exactly 2 input columns
     * @throws IOException        naming the path, for a missing or unwritable folder
     */
    /** Whether --boundary or --frames asks for pictures of class boundaries. */
    public boolean drawsBoundaries() {
        return boundary != null || frames != null;
    }

    public void checkBeforeTraining(Network network, Dataset trainingData, String title) throws IOException {
        try {
            if (plot != null) ChartFiles.checkTarget(plot);
            if (boundary != null) {
                ChartFiles.checkTarget(boundary);
                BoundaryChart.requireTwoInputs(network, trainingData);
            }
            if (frames != null) {
                if (frameEvery <= 0) {
                    throw new IllegalArgumentException("--frame-every must be 1 or more, got " + frameEvery);
                }
                frameWriter = new BoundaryFrames(frames, frameEvery, network, trainingData, title, size);
                frameWriter.afterEpoch(0);
            }
        } catch (IllegalArgumentException e) {
            if (command == null) throw e;
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    /** Writes a frame when one is due; {@code epoch} counts from 1 for the first trained epoch. */
    public void afterEpoch(int epoch) throws IOException {
        if (frameWriter != null) frameWriter.afterEpoch(epoch);
    }

    /**
     * Writes the loss curve and the final boundary, as asked. A run that stopped before its first epoch ended (it
     * diverged, and the command says so) has no curve to draw.
     */
    public void writeAfterTraining(TrainingHistory history, Network network, Dataset trainingData, String title)
            throws IOException {
        if (plot != null && !history.isEmpty()) LossChart.write(history, title, size, plot);
        if (boundary != null) BoundaryChart.write(network, trainingData, title, size, boundary);
    }

    /** Parses {@code 800x600}. */
    static final class SizeConverter implements ITypeConverter<ChartSize> {
        @Override
        public ChartSize convert(String value) {
            String[] parts = value.trim().toLowerCase(Locale.ROOT).split("x");
            if (parts.length != 2) throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 800x600, got " + value);
            try {
                return new ChartSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected WIDTHxHEIGHT such as 800x600, got " + value);
            }
        }
    }
}
