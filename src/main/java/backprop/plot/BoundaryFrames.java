package backprop.plot;

import backprop.Network;
import backprop.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Writes the decision boundary of a network while it trains, one PNG every {@code every} epochs, named
 * {@code epoch-00000.png} and so on so that the files sort in training order. The training loop calls
 * {@link #afterEpoch} after each epoch; the network is read as it is at that moment.
 */
public final class BoundaryFrames {

    private final Path directory;
    private final int every;
    private final Network network;
    private final Dataset points;
    private final String title;
    private final ChartSize size;
    private final List<Path> written = new ArrayList<>();

    /**
     * Creates {@code directory} if needed and checks up front that a boundary can be drawn, so that a bad
     * argument fails before training starts rather than after the first K epochs.
     */
    public BoundaryFrames(Path directory, int every, Network network, Dataset points, String title, ChartSize size)
            throws IOException {
        if (every <= 0) throw new IllegalArgumentException("frames must be written every 1 or more epochs, got " + every);
        BoundaryChart.requireTwoInputs(network, points);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IOException(directory + ": is a file, not a folder for frames");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException(directory + ": cannot create the frames folder (" + e.getMessage() + ")", e);
        }
        this.directory = directory;
        this.every = every;
        this.network = network;
        this.points = points;
        this.title = title;
        this.size = size;
    }

    /** Writes a frame when {@code epoch} is a multiple of the interval; returns the file, or {@code null}. */
    public Path afterEpoch(int epoch) throws IOException {
        if (epoch % every != 0) return null;
        Path frame = directory.resolve(String.format(Locale.ROOT, "epoch-%05d.png", epoch));
        BoundaryChart.write(network, points, title + ", epoch " + epoch, size, frame);
        written.add(frame);
        return frame;
    }

    /** The frames written so far, in order. */
    public List<Path> written() {
        return Collections.unmodifiableList(written);
    }
}
