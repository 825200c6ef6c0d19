package backprop.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens input files, gunzipping {@code .gz} transparently and turning every failure into a one-line message. */
final class DataFiles {

    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    static InputStream open(Path path) throws DataException {
        if (Files.isDirectory(path)) throw new DataException(path + ": is a folder, not a file");
        if (!Files.exists(path)) throw new DataException(path + ": no such file");
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), BUFFER);
        } catch (AccessDeniedException e) {
            throw new DataException(path + ": permission denied");
        } catch (IOException e) {
            throw new DataException(path + ": cannot read (" + e.getMessage() + ")");
        }
        if (!isGzip(path)) return new ReadErrors(in, path, "cannot read");
        try {
            return new ReadErrors(new GZIPInputStream(in, BUFFER), path, "corrupt gzip data");
        } catch (IOException e) {
            closeQuietly(in);
            throw new DataException(path + ": corrupt gzip data (" + describe(e) + ")");
        }
    }

    static boolean isGzip(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The file name without a {@code .gz} suffix, which decides how the content is read. */
    static String contentName(Path path) {
        String name = path.getFileName().toString();
        return isGzip(path) ? name.substring(0, name.length() - 3) : name;
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) return "it ends too early";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the open failure is the error worth reporting
        }
    }

    /** Names the file in errors that surface mid-read, such as a gzip stream that is damaged halfway. */
    private static final class ReadErrors extends FilterInputStream {
        private final Path path;
        private final String problem;

        ReadErrors(InputStream in, Path path, String problem) {
            super(in);
            this.path = path;
            this.problem = problem;
        }

        private DataException wrap(IOException e) {
            if (e instanceof ZipException || e instanceof EOFException) {
                return new DataException(path + ": corrupt gzip data (" + describe(e) + ")");
            }
            return new DataException(path + ": " + problem + " (" + describe(e) + ")");
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (DataException e) {
                throw e;
            } catch (IOException e) {
                throw wrap(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (DataException e) {
                throw e;
            } catch (IOException e) {
                throw wrap(e);
            }
        }
    }
}
