package org.gridwatch.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of position batches in a directory on local disk: each {@link #append} is one
 * entry with the next sequence number (1, 2, 3, …), written and forced to the disk
 * ({@code fdatasync}) before it returns, so a batch may be acknowledged once it returns.
 *
 * <h2>Format</h2>
 * Segment files {@code positions-<first seq, 20 digits>.log}; a new segment begins when an entry
 * would take the current one past {@code segmentBytes}. An entry is, big-endian: {@code int}
 * payload length, {@code int} CRC-32C of the payload, then the payload: {@code long} seq,
 * {@code int} count, and per position: {@code short} length and UTF-8 bytes of the unit id,
 * {@code long} epoch second and {@code int} nanosecond of the fix time, then {@code double} lon,
 * lat (WGS84 degrees, x = longitude), speed (m/s), heading (degrees) and accuracy (metres), NaN
 * when unknown. About 64 bytes per position. The file {@code journal.id} names the journal (a
 * random UUID made when the directory is first used): the name under which a store keeps its
 * checkpoint, so that a fresh directory never inherits an old directory's checkpoint.
 *
 * <h2>Recovery</h2>
 * {@link #open} checks every entry's checksum and sequence. An incomplete or damaged entry at the
 * end of the last segment is a write that never returned (the process died during it): it is cut
 * off. Damage anywhere else is refused ({@link StoreException}): the journal holds acknowledged
 * positions that would be lost.
 *
 * <h2>Threads</h2>
 * {@link #append} from one thread at a time (the store lane); {@link #release}, {@link #bytes}
 * and {@link #lastSeq} from any thread; {@link #replay} before appends start.
 */
public final class PositionJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PositionJournal.class);
    /** Name of the file holding the journal's id. */
    static final String ID_FILE = "journal.id";
    private static final Pattern SEGMENT = Pattern.compile("positions-(\\d{20})\\.log");
    /** Entry header: payload length and checksum. */
    private static final int HEADER = 8;
    /** Payload bytes per position besides the unit id's. */
    private static final int FIXED_PER_POSITION = 2 + 8 + 4 + 5 * 8;
    /** Largest payload accepted when reading (a larger length is damage, not an entry). */
    private static final int MAX_PAYLOAD = 256 << 20;

    /**
     * One entry: the positions of one group commit.
     *
     * @param seq       its sequence number, from 1
     * @param positions its positions, in append order
     */
    public record Entry(long seq, List<Position> positions) {
        public Entry {
            positions = List.copyOf(positions);
        }
    }

    /** A segment file; lastSeq and bytes of the current one move as entries are appended. */
    private static final class Segment {
        final Path file;
        final long firstSeq;
        volatile long lastSeq;
        volatile long bytes;

        Segment(Path file, long firstSeq, long lastSeq, long bytes) {
            this.file = file;
            this.firstSeq = firstSeq;
            this.lastSeq = lastSeq;
            this.bytes = bytes;
        }
    }

    private final Path dir;
    private final String id;
    private final long segmentBytes;
    /** Oldest first; guarded by itself. */
    private final List<Segment> segments;
    private volatile long lastSeq;
    /** Append thread only. */
    private FileChannel out;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private final CRC32C crc = new CRC32C();
    /** Set when a write or force failed: the file's state is unknown, no further appends. */
    private volatile IOException broken;

    private PositionJournal(Path dir, String id, long segmentBytes, List<Segment> segments) {
        this.dir = dir;
        this.id = id;
        this.segmentBytes = segmentBytes;
        this.segments = segments;
        this.lastSeq = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastSeq;
    }

    /**
     * Opens (creating it when missing) the journal in {@code dir}, checking every entry and cutting
     * off an incomplete last one. Blocking.
     *
     * @param segmentBytes size after which a new segment file begins, bytes
     * @throws StoreException when the directory cannot be used or holds a damaged entry before the last
     */
    public static PositionJournal open(Path dir, long segmentBytes) {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be ≥ 1024: " + segmentBytes);
        }
        try {
            Files.createDirectories(dir);
            String id = id(dir);
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "positions-*.log")) {
                for (Path p : ds) {
                    if (SEGMENT.matcher(p.getFileName().toString()).matches()) {
                        files.add(p);
                    }
                }
            }
            files.sort(null); // the zero-padded first seq sorts by name
            List<Segment> segments = new ArrayList<>();
            long expected = -1;
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    throw new IllegalStateException(f.toString());
                }
                long first = Long.parseLong(m.group(1));
                if (expected >= 0 && first != expected) {
                    // Harmless when the missing entries are stored already; replay checks that.
                    LOG.warn("position journal {}: segment {} begins at entry {}, not {}", dir, f.getFileName(), first,
                            expected);
                }
                Scan s = scan(f, first, null, Long.MAX_VALUE);
                boolean last = i == files.size() - 1;
                long size = Files.size(f);
                if (s.validBytes < size) {
                    if (!last) {
                        throw new StoreException("position journal " + dir + ": segment " + f.getFileName()
                                + " is damaged at byte " + s.validBytes + " (" + s.problem + "); it holds acknowledged"
                                + " positions: restore it or move the directory away to start an empty journal");
                    }
                    LOG.warn("position journal {}: cutting off an incomplete last entry of {} ({} of {} bytes: {});"
                            + " its write had not returned, so it was never acknowledged", dir, f.getFileName(),
                            size - s.validBytes, size, s.problem);
                    try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        c.truncate(s.validBytes);
                        c.force(true);
                    }
                }
                if (s.entries == 0 && !last) {
                    throw new StoreException("position journal " + dir + ": segment " + f.getFileName()
                            + " holds no entry but is not the last");
                }
                long lastSeq = s.entries == 0 ? first - 1 : s.lastSeq;
                segments.add(new Segment(f, first, lastSeq, s.validBytes));
                expected = lastSeq + 1;
            }
            PositionJournal j = new PositionJournal(dir, id, segmentBytes, segments);
            LOG.info("position journal {} (id {}): {} segments, entries up to {}", dir, id, segments.size(), j.lastSeq);
            return j;
        } catch (IOException e) {
            throw new StoreException(FailureKind.UNAVAILABLE, "cannot open the position journal " + dir + ": " + e, e,
                    false);
        }
    }

    private static String id(Path dir) throws IOException {
        Path f = dir.resolve(ID_FILE);
        if (Files.exists(f)) {
            String id = Files.readString(f, StandardCharsets.UTF_8).strip();
            if (id.isEmpty()) {
                throw new StoreException("position journal " + dir + ": " + ID_FILE + " is empty");
            }
            return id;
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve(ID_FILE + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        return id;
    }

    /** Makes a file created or renamed in {@code dir} durable (Linux: fsync of the directory). */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    /** What a pass over one segment found. */
    private record Scan(long validBytes, int entries, long lastSeq, String problem) {
    }

    /**
     * Reads the entries of {@code file} in order, checking each; hands those after {@code after} to
     * {@code sink} (null: check only). Stops at the first incomplete or damaged entry.
     */
    private static Scan scan(Path file, long firstSeq, Consumer<Entry> sink, long after) throws IOException {
        Map<String, String> ids = sink == null ? null : new HashMap<>();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long pos = 0;
            int entries = 0;
            long expect = firstSeq;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            ByteBuffer payload = ByteBuffer.allocate(1 << 16);
            CRC32C crc = new CRC32C();
            while (true) {
                if (pos == size) {
                    return new Scan(pos, entries, expect - 1, null);
                }
                if (size - pos < HEADER) {
                    return new Scan(pos, entries, expect - 1, "a header cut short");
                }
                header.clear();
                readFully(in, header, pos);
                header.flip();
                int length = header.getInt();
                int sum = header.getInt();
                if (length < 12 || length > MAX_PAYLOAD) {
                    return new Scan(pos, entries, expect - 1, "length " + length);
                }
                if (size - pos - HEADER < length) {
                    return new Scan(pos, entries, expect - 1, "an entry cut short");
                }
                if (payload.capacity() < length) {
                    payload = ByteBuffer.allocate(Integer.highestOneBit(length) << 1);
                }
                payload.clear().limit(length);
                readFully(in, payload, pos + HEADER);
                payload.flip();
                crc.reset();
                crc.update(payload.duplicate());
                if ((int) crc.getValue() != sum) {
                    return new Scan(pos, entries, expect - 1, "checksum mismatch");
                }
                long seq = payload.getLong(0);
                if (seq != expect) {
                    return new Scan(pos, entries, expect - 1, "entry " + seq + " where " + expect + " belongs");
                }
                if (sink != null && seq > after) {
                    sink.accept(decode(payload, ids));
                }
                pos += HEADER + length;
                entries++;
                expect++;
            }
        }
    }

    private static void readFully(FileChannel in, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = in.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    private static Entry decode(ByteBuffer b, Map<String, String> ids) {
        long seq = b.getLong();
        int count = b.getInt();
        List<Position> positions = new ArrayList<>(count);
        byte[] idBytes = new byte[64];
        for (int i = 0; i < count; i++) {
            int n = Short.toUnsignedInt(b.getShort());
            if (idBytes.length < n) {
                idBytes = new byte[n];
            }
            b.get(idBytes, 0, n);
            String unit = new String(idBytes, 0, n, StandardCharsets.UTF_8);
            unit = ids.computeIfAbsent(unit, u -> u);
            Instant t = Instant.ofEpochSecond(b.getLong(), b.getInt());
            double lon = b.getDouble();
            double lat = b.getDouble();
            positions.add(new Position(unit, lon, lat, t, b.getDouble(), b.getDouble(), b.getDouble()));
        }
        return new Entry(seq, positions);
    }

    /** The journal's id (see the class comment). */
    public String id() {
        return id;
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The sequence number of the last entry written, 0 when none. Any thread. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Bytes the segments take on disk. Any thread. */
    public long bytes() {
        synchronized (segments) {
            long n = 0;
            for (Segment s : segments) {
                n += s.bytes;
            }
            return n;
        }
    }

    /** Segment files on disk. Any thread. */
    public int segments() {
        synchronized (segments) {
            return segments.size();
        }
    }

    /**
     * Hands every entry with a sequence number above {@code after} to {@code sink}, in order. Blocking.
     * Call before appends start.
     *
     * @throws StoreException when entries right after {@code after} are missing (the journal holds
     *                        later ones only): acknowledged positions would be lost
     */
    public void replay(long after, Consumer<Entry> sink) {
        List<Segment> copy;
        synchronized (segments) {
            copy = List.copyOf(segments);
        }
        long[] expect = {after + 1};
        Consumer<Entry> checked = e -> {
            if (e.seq() != expect[0]) {
                throw new StoreException("position journal " + dir + ": entries " + expect[0] + " to " + (e.seq() - 1)
                        + " are neither in the journal nor in the store (its checkpoint is " + after + ")");
            }
            expect[0]++;
            sink.accept(e);
        };
        for (Segment s : copy) {
            if (s.lastSeq <= after) {
                continue;
            }
            try {
                scan(s.file, s.firstSeq, checked, after);
            } catch (IOException e) {
                throw new StoreException(FailureKind.UNAVAILABLE, "cannot read the position journal " + s.file + ": " + e,
                        e, false);
            }
        }
    }

    /**
     * Makes the next entry's sequence number at least {@code seq + 1}: for a journal that is empty
     * while its store's checkpoint is {@code seq} (its segments were removed). No effect otherwise.
     */
    public void continueAfter(long seq) {
        if (seq > lastSeq) {
            lastSeq = seq;
        }
    }

    /**
     * Writes one entry and forces it to the disk; returns its sequence number. One thread at a time.
     *
     * @throws StoreException (kind UNAVAILABLE) when the write or the force fails: the entry may or
     *                        may not survive ({@link StoreException#maybeStored()}), and the journal
     *                        takes no further entries (the state of the file is unknown)
     */
    public long append(List<Position> positions) {
        if (broken != null) {
            throw new StoreException(FailureKind.UNAVAILABLE, "the position journal " + dir + " failed earlier ("
                    + broken.getMessage() + ") and takes no more positions until the server restarts; nothing was"
                    + " stored", broken, false);
        }
        long seq = lastSeq + 1;
        ByteBuffer b = encode(seq, positions);
        try {
            Segment current = current();
            if (current == null || current.lastSeq >= current.firstSeq && current.bytes + b.remaining() > segmentBytes) {
                current = roll(seq);
            }
            long at = current.bytes;
            while (b.hasRemaining()) {
                at += out.write(b, at);
            }
            out.force(false);
            current.bytes = at;
            current.lastSeq = seq;
            lastSeq = seq;
            return seq;
        } catch (IOException e) {
            broken = e;
            throw new StoreException(FailureKind.UNAVAILABLE, "the position journal " + dir + " could not be written ("
                    + e.getMessage() + "); the positions may be stored", e, true);
        }
    }

    private Segment current() {
        if (out == null) {
            return null; // the first append opens (or begins) a segment
        }
        synchronized (segments) {
            return segments.get(segments.size() - 1);
        }
    }

    /** Continues the last segment after a restart, or begins a new one at {@code seq}. */
    private Segment roll(long seq) throws IOException {
        if (out == null) {
            Segment last;
            synchronized (segments) {
                last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            }
            if (last != null && last.lastSeq == seq - 1 && last.bytes < segmentBytes) {
                out = FileChannel.open(last.file, StandardOpenOption.WRITE);
                return last;
            }
        } else {
            out.close();
        }
        Path f = dir.resolve(String.format("positions-%020d.log", seq));
        out = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory(dir);
        Segment s = new Segment(f, seq, seq - 1, 0);
        synchronized (segments) {
            segments.add(s);
        }
        return s;
    }

    private ByteBuffer encode(long seq, List<Position> positions) {
        int size = HEADER + 12;
        for (Position p : positions) {
            size += FIXED_PER_POSITION + p.unitId().length() * 3;
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Integer.highestOneBit(size) << 1);
        }
        ByteBuffer b = buffer;
        b.clear();
        b.position(HEADER);
        b.putLong(seq).putInt(positions.size());
        for (Position p : positions) {
            byte[] unit = p.unitId().getBytes(StandardCharsets.UTF_8);
            if (unit.length > 0xFFFF) {
                throw new IllegalArgumentException("unit id longer than 65535 bytes: " + p.unitId().substring(0, 40));
            }
            b.putShort((short) unit.length).put(unit);
            b.putLong(p.time().getEpochSecond()).putInt(p.time().getNano());
            b.putDouble(p.lon()).putDouble(p.lat()).putDouble(p.speed()).putDouble(p.heading()).putDouble(p.accuracy());
        }
        int length = b.position() - HEADER;
        crc.reset();
        crc.update(b.array(), HEADER, length);
        b.putInt(0, length).putInt(4, (int) crc.getValue());
        b.flip();
        return b;
    }

    /**
     * Deletes the segments all of whose entries have sequence numbers up to {@code seq} (stored
     * elsewhere now); never the segment being appended to. Any thread.
     *
     * @return segments deleted
     */
    public int release(long seq) {
        List<Segment> gone = new ArrayList<>();
        synchronized (segments) {
            while (segments.size() > 1 && segments.get(1).firstSeq <= seq + 1) {
                gone.add(segments.remove(0));
            }
        }
        for (Segment s : gone) {
            try {
                Files.deleteIfExists(s.file);
            } catch (IOException e) {
                LOG.warn("position journal {}: cannot delete {} (entries up to {} are stored): {}", dir,
                        s.file.getFileName(), s.lastSeq, e.toString());
            }
        }
        return gone.size();
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("position journal {}: closing: {}", dir, e.toString());
            }
            out = null;
        }
    }

    @Override
    public String toString() {
        return "position journal " + dir + " (id " + id + ")";
    }
}
