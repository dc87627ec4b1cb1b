package org.gridwatch.jt808;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch location upload 定位数据批量上传, message 0x0704 (2013, 2019): reports a terminal stored while
 * it could not send, or sends several at once.
 *
 * <table>
 * <caption>0x0704 body</caption>
 * <tr><th>field</th><th>type</th></tr>
 * <tr><td>item count 数据项个数</td><td>WORD</td></tr>
 * <tr><td>type 位置数据类型: 0 normal batch 正常位置批量汇报, 1 blind-area supplement 盲区补报</td><td>BYTE</td></tr>
 * <tr><td>per item: length</td><td>WORD</td></tr>
 * <tr><td>per item: a 0x0200 body ({@link Location}) of that length</td><td>BYTE[length]</td></tr>
 * </table>
 *
 * An item whose own body cannot be read (a bad time, a truncated additional item) is left out and
 * its reason kept in {@link #rejections()}, so one bad report does not lose the others; an item
 * length that runs past the end of the body fails the whole batch. Bytes after the last counted
 * item are ignored.
 *
 * @param type       0 normal, 1 blind-area supplement (other values as sent)
 * @param items      the readable items, in the order sent; unmodifiable
 * @param rejections one line per unreadable item, naming its index and reason; unmodifiable
 */
public record LocationBatch(int type, List<Location> items, List<String> rejections) {
    /** Type 0: a normal batch. */
    public static final int TYPE_NORMAL = 0;
    /** Type 1: blind-area supplement (reports stored while out of coverage). */
    public static final int TYPE_BLIND_AREA = 1;

    /** Copies the lists. */
    public LocationBatch {
        items = List.copyOf(items);
        rejections = List.copyOf(rejections);
    }

    /** A batch of readable items. */
    public LocationBatch(int type, List<Location> items) {
        this(type, items, List.of());
    }

    /** The item count the body announced: readable and rejected items. */
    public int count() {
        return items.size() + rejections.size();
    }

    /**
     * Reads a 0x0704 body.
     *
     * @throws Jt808Exception if the message is not 0x0704, the body is shorter than its count and
     *                        item lengths announce
     */
    public static LocationBatch decode(Message m) {
        BodyReader r = BodyReader.of(m, MessageIds.LOCATION_BATCH, "location batch");
        int count = r.u16("item count");
        int type = r.u8("type");
        List<Location> items = new ArrayList<>(count);
        List<String> rejections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = r.u16("length of item " + i);
            if (length > r.remaining()) {
                throw new Jt808Exception(Jt808Exception.Reason.BAD_ITEM,
                        "location batch: item " + i + " has " + length + " bytes, " + r.remaining() + " are left");
            }
            int from = r.position();
            r.skip(length, "item " + i);
            try {
                items.add(Location.decode(m.body(), from, from + length, "location batch item " + i));
            } catch (Jt808Exception e) {
                rejections.add(e.reason().id() + ": " + e.getMessage());
            }
        }
        return new LocationBatch(type, items, rejections);
    }

    /**
     * This batch's body: count, type, then each item's length and body (the rejections are not written).
     *
     * @throws IllegalArgumentException if a value does not fit its field
     */
    public byte[] encode() {
        BodyWriter w = new BodyWriter().u16(items.size(), "item count").u8(type, "type");
        for (Location l : items) {
            byte[] b = l.encode();
            w.u16(b.length, "item length").bytes(b);
        }
        return w.toByteArray();
    }
}
