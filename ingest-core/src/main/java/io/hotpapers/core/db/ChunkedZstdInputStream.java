package io.hotpapers.core.db;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the build's zstd bundle: frames of at most {@value #MAX_FRAME} bytes, each preceded by a zstd skippable
 * frame holding its compressed length (see {@code ingest-scheduler/src/build/RepackagePostgresBundles.java}). Each
 * frame is decoded whole with aircompressor's block decoder, several times faster than its streaming one; memory
 * stays at one compressed and one decoded frame.
 */
final class ChunkedZstdInputStream extends InputStream {
    static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;

    private final InputStream compressed;
    private final ZstdDecompressor decompressor = new ZstdDecompressor();
    private byte[] input = new byte[0];
    private byte[] output = new byte[0];
    private int position;
    private int limit;

    ChunkedZstdInputStream(InputStream compressed) {
        this.compressed = compressed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (!nextFrame()) {
                return -1;
            }
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(output, position, buffer, offset, count);
        position += count;
        return count;
    }

    private boolean nextFrame() throws IOException {
        byte[] header = compressed.readNBytes(12);
        if (header.length == 0) {
            return false;
        }
        if (header.length < 12) {
            throw new EOFException("PostgreSQL bundle cut short in a frame header");
        }
        ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int magic = fields.getInt();
        int size = fields.getInt();
        int frameLength = fields.getInt();
        if (magic != SKIPPABLE_MAGIC || size != 4 || frameLength <= 0 || frameLength > MAX_FRAME) {
            throw new IOException("not a hotpapers PostgreSQL bundle (frame header " + Integer.toHexString(magic)
                    + ", length " + frameLength + ")");
        }
        if (input.length < frameLength) {
            input = new byte[frameLength];
        }
        if (compressed.readNBytes(input, 0, frameLength) < frameLength) {
            throw new EOFException("PostgreSQL bundle cut short in a frame");
        }
        try {
            long decodedLength = ZstdDecompressor.getDecompressedSize(input, 0, frameLength);
            if (decodedLength < 0 || decodedLength > MAX_FRAME) {
                throw new IOException("PostgreSQL bundle frame of unknown or excessive size " + decodedLength);
            }
            if (output.length < decodedLength) {
                output = new byte[(int) decodedLength];
            }
            limit = decompressor.decompress(input, 0, frameLength, output, 0, (int) decodedLength);
        } catch (MalformedInputException e) {
            throw new IOException("corrupt PostgreSQL bundle: " + e.getMessage(), e);
        }
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        compressed.close();
    }
}
