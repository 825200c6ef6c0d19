package backprop.plot;

import backprop.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes XChart charts to files, atomically, with errors that name the file. */
public final class ChartFiles {

    private ChartFiles() {
    }

    /**
     * Checks what can be checked before a chart exists: the extension, that the folder exists and may be written,
     * and that the path is not a folder. Commands call it before training so that a typo does not cost a training
     * run.
     *
     * @return the format the extension names
     * @throws IllegalArgumentException for an extension other than .png or .svg
     * @throws IOException whose one-line message names the path
     */
    public static ImageFormat checkTarget(Path path) throws IOException {
        ImageFormat format = ImageFormat.of(path);
        Path folder = path.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException(path + ": folder " + folder + " does not exist");
        }
        if (Files.isDirectory(path)) throw new IOException(path + ": is a folder, not an image file");
        if (!Files.isWritable(folder)) throw new IOException(path + ": cannot write in folder " + folder);
        return format;
    }

    /**
     * Writes {@code chart} to {@code path} as PNG or SVG by its extension, through {@link AtomicFile}, so a failure
     * never leaves a half-written picture where an old one was.
     *
     * @throws IllegalArgumentException for an extension other than .png or .svg
     * @throws IOException whose one-line message names the path, for a missing or unwritable folder
     */
    public static void write(Chart<?, ?> chart, Path path) throws IOException {
        ImageFormat format = checkTarget(path);
        try {
            AtomicFile.write(path, out -> {
                if (format == ImageFormat.PNG) {
                    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
                } else {
                    VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                }
            });
        } catch (AtomicFile.WriteFailure e) {
            throw new IOException(path + ": cannot write the image (" + e.reason() + ")", e);
        }
    }
}
