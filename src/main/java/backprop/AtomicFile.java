package backprop;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Output files that appear whole or not at all: the content goes to a temporary file beside the target, is forced
 * to disk, and is renamed over the target, so a failure or a crash never leaves a half-written or damaged file.
 */
public final class AtomicFile {

    /** Writes a file's bytes. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file's UTF-8 text. */
    public interface Text {
        void writeTo(Writer writer) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final FileAttribute<Set<PosixFilePermission>> USUAL_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"));

    private AtomicFile() {
    }

    public static void writeText(Path path, Text text) throws IOException {
        write(path, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            text.writeTo(writer);
            writer.flush();
        });
    }

    /**
     * Writes {@code path} whole or not at all. The temporary file is locked while it is written: the lock dies with
     * the process, even with {@code kill -9}, so a temporary that can be locked belongs to a writer that is gone and
     * is removed by the next write of the same target.
     */
    public static void write(Path path, Content content) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException(path + ": folder does not exist");
        if (Files.isDirectory(absolute)) throw new IOException(path + ": is a folder");
        removeAbandonedTemporaries(absolute);
        try {
            writeThroughTemporary(absolute, content);
        } catch (IOException e) {
            throw new WriteFailure(path, e);
        }
    }

    /** A write that failed once its temporary file was under way; the message names the target, not the temporary. */
    public static final class WriteFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        WriteFailure(Path target, IOException cause) {
            this(target, cause, reason(cause));
        }

        private WriteFailure(Path target, IOException cause, String reason) {
            super(target + ": cannot write (" + reason + ")", cause);
            this.reason = reason;
        }

        /** What went wrong, without the temporary file's name, which means nothing to the user. */
        public String reason() {
            return reason;
        }

        private static String reason(IOException e) {
            // encoders wrap the file system's error (XML writers in a SAXException): the innermost one says it
            Throwable innermost = e;
            while (innermost.getCause() != null && innermost.getCause() != innermost) innermost = innermost.getCause();
            IOException cause = innermost instanceof IOException ? (IOException) innermost : e;
            String reason;
            if (cause instanceof AccessDeniedException) {
                reason = "permission denied";
            } else if (cause instanceof FileSystemException && ((FileSystemException) cause).getReason() != null) {
                reason = ((FileSystemException) cause).getReason();
            } else {
                reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            }
            // and some wrap only its text, as "org.xml.sax.SAXException: java.io.IOException: File too large"
            String said = reason.lines().findFirst().orElse("").replaceFirst("^([\\w$.]+(Exception|Error): )+", "");
            return said.isBlank() ? cause.getClass().getSimpleName() : said;
        }
    }

    private static void writeThroughTemporary(Path absolute, Content content) throws IOException {
        Path dir = absolute.getParent();
        Temporary temporary = createLockedTemporaryBeside(absolute);
        Path temp = temporary.path();
        try {
            try (FileChannel channel = temporary.channel()) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)));
                content.writeTo(out);
                out.flush();
                channel.force(true);
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            forceFolder(dir);
        } finally {
            Files.deleteIfExists(temp);
            WRITING.remove(temp);
        }
    }

    /**
     * The temporaries this JVM is writing. The clean-up does not even open them: closing any channel of a file drops
     * every lock this process holds on it (POSIX record locks), the writer's too.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    /** A temporary file, open and locked for as long as {@code channel} is open. */
    private record Temporary(Path path, FileChannel channel) {
    }

    /**
     * A new empty file next to {@code target}, open and locked. Not {@code Files.createTempFile}: its owner-only
     * mode would end up on the renamed output, where a user expects the usual mode their umask gives.
     */
    private static Temporary createLockedTemporaryBeside(Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        for (int attempt = 0; ; attempt++) {
            Path temp = target.resolveSibling(temporaryPrefix(target) + Long.toHexString(RANDOM.nextLong())
                    + TEMPORARY_SUFFIX);
            FileChannel channel;
            WRITING.add(temp);
            try {
                channel = posix ? FileChannel.open(temp, options, USUAL_MODE) : FileChannel.open(temp, options);
            } catch (FileAlreadyExistsException e) {
                WRITING.remove(temp);
                if (attempt == 100) throw e;
                continue;
            } catch (IOException | RuntimeException e) {
                WRITING.remove(temp);
                throw e;
            }
            try {
                channel.lock();
                // another process's clean-up may have taken the file between its creation and the lock
                if (Files.exists(temp)) return new Temporary(temp, channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(temp);
                WRITING.remove(temp);
                throw e;
            }
            channel.close();
            WRITING.remove(temp);
            if (attempt == 100) throw new IOException(temp + ": removed as soon as it was created");
        }
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Deletes the temporaries of {@code target} no live writer holds; a failure here only leaves them for later. */
    private static void removeAbandonedTemporaries(Path target) {
        String prefix = temporaryPrefix(target);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                sibling -> isTemporaryName(sibling.getFileName().toString(), prefix))) {
            for (Path temp : siblings) {
                if (WRITING.contains(temp)) continue;
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.tryLock();
                    if (lock != null) Files.deleteIfExists(temp);
                } catch (OverlappingFileLockException inUseByThisProcess) {
                    // a write of this JVM that started after the check above
                } catch (IOException e) {
                    // gone already, or not ours to remove
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // the write itself reports a folder it cannot use
        }
    }

    private static boolean isTemporaryName(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(TEMPORARY_SUFFIX)) return false;
        String random = name.substring(prefix.length(), name.length() - TEMPORARY_SUFFIX.length());
        return !random.isEmpty() && random.length() <= 16 && random.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Makes the rename itself durable; file systems that cannot open a folder (Windows) skip it. */
    private static void forceFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // the rename is done; only its durability across a power cut is left to the operating system
        }
    }

    /** Content writers may close what they are given (Jackson does); the channel must stay open to be forced. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
