package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The build's bundle format: zstd frames, each announced by a skippable frame holding its length. */
class ChunkedZstdInputStreamTest {
    private final byte[] content = content();

    @Test
    void readsEveryFrameBackInOrder() throws IOException {
        byte[] bundle = bundle(Arrays.copyOfRange(content, 0, 300_000), Arrays.copyOfRange(content, 300_000,
                content.length));

        try (InputStream in = new ChunkedZstdInputStream(new ByteArrayInputStream(bundle))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aCutBundleIsAnErrorNotAShortFile() throws IOException {
        byte[] bundle = bundle(content);
        byte[] cut = Arrays.copyOf(bundle, bundle.length - 100);

        assertThatThrownBy(() -> new ChunkedZstdInputStream(new ByteArrayInputStream(cut)).readAllBytes())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aPlainZstdFileIsRefused() {
        byte[] plain = compress(content);

        assertThatThrownBy(() -> new ChunkedZstdInputStream(new ByteArrayInputStream(plain)).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("not a hotpapers PostgreSQL bundle");
    }

    private static byte[] bundle(byte[]... chunks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            byte[] frame = compress(chunk);
            out.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0x184D2A50).putInt(4)
                    .putInt(frame.length).array());
            out.write(frame);
        }
        return out.toByteArray();
    }

    private static byte[] compress(byte[] chunk) {
        ZstdCompressor compressor = new ZstdCompressor();
        byte[] frame = new byte[compressor.maxCompressedLength(chunk.length)];
        int length = compressor.compress(chunk, 0, chunk.length, frame, 0, frame.length);
        return Arrays.copyOf(frame, length);
    }

    /** Half text-like repetition, half noise: both the compressed and the stored paths of zstd. */
    private static byte[] content() {
        byte[] bytes = new byte[700_000];
        Random random = new Random(19);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = i % 2 == 0 ? (byte) ('a' + (i / 7) % 26) : (byte) random.nextInt();
        }
        return bytes;
    }
}
