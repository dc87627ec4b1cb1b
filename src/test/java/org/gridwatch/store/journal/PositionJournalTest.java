package org.gridwatch.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionJournalTest {
    private static final Instant T0 = Instant.parse("2026-12-01T07:30:00.123456789Z");

    @TempDir
    Path dir;

    private static Position fix(String unit, int k) {
        return new Position(unit, 118.0 + k * 1e-6, 37.4 - k * 1e-6, T0.plusMillis(k * 1_000L), 8.25, 271.5, 4.75);
    }

    private static List<Position> batch(int from, int n) {
        List<Position> b = new ArrayList<>();
        for (int k = from; k < from + n; k++) {
            b.add(k % 3 == 0 ? Position.of("滨城巡逻" + k % 7, 117.9 + k * 1e-7, 37.3, T0.plusNanos(k)) : fix("U" + k % 5, k));
        }
        return b;
    }

    private static List<PositionJournal.Entry> replay(PositionJournal j, long after) {
        List<PositionJournal.Entry> out = new ArrayList<>();
        j.replay(after, out::add);
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("positions-")).sorted().toList();
        }
    }

    @Test
    void entriesComeBackExactlyAfterReopeningInOrder() {
        List<Position> a = batch(0, 10);
        List<Position> b = batch(10, 1);
        List<Position> c = batch(11, 500);
        String id;
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            id = j.id();
            assertThat(j.append(a)).isEqualTo(1);
            assertThat(j.append(b)).isEqualTo(2);
            assertThat(j.append(c)).isEqualTo(3);
            assertThat(j.lastSeq()).isEqualTo(3);
        }
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            assertThat(j.id()).isEqualTo(id);
            assertThat(j.lastSeq()).isEqualTo(3);
            // NaN measurements, nanoseconds and Chinese unit ids survive exactly.
            assertThat(replay(j, 0)).containsExactly(new PositionJournal.Entry(1, a), new PositionJournal.Entry(2, b),
                    new PositionJournal.Entry(3, c));
            assertThat(replay(j, 2)).containsExactly(new PositionJournal.Entry(3, c));
            assertThat(replay(j, 3)).isEmpty();
            // Appends go on after the last entry.
            assertThat(j.append(a)).isEqualTo(4);
        }
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            assertThat(replay(j, 3)).containsExactly(new PositionJournal.Entry(4, a));
        }
    }

    @Test
    void aFreshDirectoryIsAnotherJournal(@TempDir Path other) {
        try (PositionJournal j = PositionJournal.open(dir, 4096); PositionJournal k = PositionJournal.open(other, 4096)) {
            assertThat(j.id()).isNotEqualTo(k.id()).isNotBlank();
        }
    }

    @Test
    void anIncompleteLastEntryIsCutOffAndAppendsContinue() throws IOException {
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            j.append(batch(0, 20));
            j.append(batch(20, 20));
        }
        Path f = segments().get(0);
        long size = Files.size(f);
        // The process died while writing entry 3: half of it reached the disk.
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            j.append(batch(40, 20));
        }
        long full = Files.size(f);
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            c.truncate(size + (full - size) / 2);
        }
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            assertThat(j.lastSeq()).isEqualTo(2);
            assertThat(Files.size(f)).isEqualTo(size);
            assertThat(j.append(batch(60, 3))).isEqualTo(3);
        }
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            assertThat(replay(j, 0)).extracting(PositionJournal.Entry::seq).containsExactly(1L, 2L, 3L);
            assertThat(replay(j, 2).get(0).positions()).isEqualTo(batch(60, 3));
        }
    }

    @Test
    void aDamagedLastEntryIsCutOffToo() throws IOException {
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            j.append(batch(0, 20));
            j.append(batch(20, 20));
        }
        Path f = segments().get(0);
        flipByte(f, Files.size(f) - 3); // inside entry 2's payload: its checksum fails
        try (PositionJournal j = PositionJournal.open(dir, 1 << 20)) {
            assertThat(j.lastSeq()).isEqualTo(1);
            assertThat(replay(j, 0)).hasSize(1);
        }
    }

    @Test
    void damageBeforeTheLastSegmentIsRefused() throws IOException {
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            for (int k = 0; k < 10; k++) {
                j.append(batch(k * 30, 30)); // ~2 KB each: a new segment every other entry
            }
            assertThat(j.segments()).isGreaterThan(2);
        }
        Path first = segments().get(0);
        flipByte(first, 20);
        assertThatThrownBy(() -> PositionJournal.open(dir, 4096)).isInstanceOf(StoreException.class)
                .hasMessageContaining(first.getFileName().toString()).hasMessageContaining("damaged");
    }

    @Test
    void segmentsRollAndStoredOnesAreReleasedButNeverTheCurrentOne() throws IOException {
        List<List<Position>> batches = new ArrayList<>();
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            for (int k = 0; k < 12; k++) {
                batches.add(batch(k * 30, 30));
                j.append(batches.get(k));
            }
            int before = j.segments();
            assertThat(before).isGreaterThan(3);
            assertThat(segments()).hasSize(before);
            long bytes = j.bytes();
            assertThat(bytes).isEqualTo(totalSize());
            // Entries up to 5 are stored elsewhere: the segments holding only those go.
            int released = j.release(5);
            assertThat(released).isPositive();
            assertThat(j.bytes()).isLessThan(bytes).isEqualTo(totalSize());
            assertThat(replay(j, 5)).extracting(PositionJournal.Entry::seq).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
            // Everything stored: only the segment being appended to stays.
            j.release(12);
            assertThat(j.segments()).isEqualTo(1);
            assertThat(j.append(batch(0, 1))).isEqualTo(13);
        }
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            assertThat(j.lastSeq()).isEqualTo(13);
            assertThat(replay(j, 12)).containsExactly(new PositionJournal.Entry(13, batch(0, 1)));
        }
    }

    @Test
    void replayRefusesWhenEntriesAfterTheCheckpointAreMissing() {
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            for (int k = 0; k < 12; k++) {
                j.append(batch(k * 30, 30));
            }
            j.release(8);
        }
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            // The store says it holds entries up to 2 only: 3.. are gone from the journal.
            assertThatThrownBy(() -> j.replay(2, e -> { })).isInstanceOf(StoreException.class)
                    .hasMessageContaining("entries 3 to");
            assertThat(replay(j, 10)).extracting(PositionJournal.Entry::seq).containsExactly(11L, 12L);
        }
    }

    @Test
    void anEmptyJournalContinuesAfterTheStoresCheckpoint() {
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            j.continueAfter(41);
            assertThat(j.append(batch(0, 2))).isEqualTo(42);
            j.continueAfter(10); // never backwards
            assertThat(j.append(batch(0, 2))).isEqualTo(43);
        }
        try (PositionJournal j = PositionJournal.open(dir, 4096)) {
            assertThat(replay(j, 41)).extracting(PositionJournal.Entry::seq).containsExactly(42L, 43L);
        }
    }

    private long totalSize() throws IOException {
        long n = 0;
        for (Path p : segments()) {
            n += Files.size(p);
        }
        return n;
    }

    private static void flipByte(Path f, long at) throws IOException {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            b.rewind();
            c.write(b, at);
        }
    }
}
