package backprop.plot;

import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Reads chart files back the way a viewer would, to check that they are images of the size asked for. */
public final class Images {

    private Images() {
    }

    public static void assertPng(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not an image ImageIO can decode");
        assertEquals(width, image.getWidth(), "width of " + file);
        assertEquals(height, image.getHeight(), "height of " + file);
    }

    public static void assertSvg(Path file, int width, int height) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG names the W3C DTD; a test must not go to the network for it
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals(width, pixels(svg.getAttribute("width")), "width of " + file);
        assertEquals(height, pixels(svg.getAttribute("height")), "height of " + file);
    }

    /** Reads the image at {@code file} by its extension and checks its size. */
    public static void assertImage(Path file, int width, int height) throws Exception {
        if (ImageFormat.of(file) == ImageFormat.PNG) assertPng(file, width, height);
        else assertSvg(file, width, height);
    }

    private static int pixels(String length) {
        return (int) Math.round(Double.parseDouble(length.replace("px", "")));
    }
}
