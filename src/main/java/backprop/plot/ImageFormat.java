package backprop.plot;

import java.nio.file.Path;
import java.util.Locale;

/** The image formats a chart can be written in, chosen by the file's extension. */
public enum ImageFormat {
    PNG,
    SVG;

    /** The format {@code path}'s extension names; the message names the path when there is none. */
    public static ImageFormat of(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return PNG;
        if (name.endsWith(".svg")) return SVG;
        throw new IllegalArgumentException(path + ": unknown image format (the name must end in .png or .svg)");
    }

    public String extension() {
        return "." + name().toLowerCase(Locale.ROOT);
    }
}
