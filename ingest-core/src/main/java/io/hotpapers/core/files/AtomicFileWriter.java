package io.hotpapers.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes published files (digests, feeds, charts) so that readers never see a half-written one: the content
 * goes to a new file beside the target, which is then moved into place.
 *
 * <p>The new file is created like any file the user makes, so its mode follows the umask (0644 under the
 * usual 022) and a web server can publish it; {@code Files.createTempFile} would make it 0600.
 */
public final class AtomicFileWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFileWriter() {
    }

    /** Produces a file's content into a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes text as UTF-8 and returns the target. */
    public static Path write(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return write(target, out -> out.write(bytes));
    }

    /** Writes whatever {@code content} produces and returns the target; on failure the old file is untouched. */
    public static Path write(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        // CREATE_NEW refuses an existing name, so a planted symlink cannot redirect the write
        Path temporary = directory.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}
