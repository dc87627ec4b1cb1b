package org.gridwatch.jt808;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Location report 位置信息汇报, message 0x0200 (the same body in 2011, 2013 and 2019, and as each item
 * of a {@link LocationBatch}). Body layout:
 *
 * <table>
 * <caption>0x0200 body</caption>
 * <tr><th>offset</th><th>field</th><th>type</th><th>unit</th></tr>
 * <tr><td>0</td><td>alarm flags 报警标志 ({@link Alarm})</td><td>DWORD</td><td>bits</td></tr>
 * <tr><td>4</td><td>status flags 状态: bit 0 ACC on, 1 positioned, 2 south latitude, 3 west longitude, …</td><td>DWORD</td><td>bits</td></tr>
 * <tr><td>8</td><td>latitude 纬度</td><td>DWORD</td><td>1e-6 degree</td></tr>
 * <tr><td>12</td><td>longitude 经度</td><td>DWORD</td><td>1e-6 degree</td></tr>
 * <tr><td>16</td><td>altitude 高程</td><td>WORD</td><td>metre</td></tr>
 * <tr><td>18</td><td>speed 速度</td><td>WORD</td><td>1/10 km/h</td></tr>
 * <tr><td>20</td><td>direction 方向, 0–359, north 0, clockwise</td><td>WORD</td><td>degree</td></tr>
 * <tr><td>22</td><td>time 时间 yyMMddHHmmss, GMT+8</td><td>BCD[6]</td><td></td></tr>
 * <tr><td>28</td><td>additional items 附加信息: id BYTE, length BYTE, value BYTE[length], repeated to the end</td><td></td><td></td></tr>
 * </table>
 *
 * <table>
 * <caption>Additional items read into fields</caption>
 * <tr><th>id</th><th>field</th><th>type</th><th>unit</th></tr>
 * <tr><td>0x01</td><td>mileage 里程 (odometer)</td><td>DWORD</td><td>1/10 km</td></tr>
 * <tr><td>0x02</td><td>fuel 油量 (fuel gauge)</td><td>WORD</td><td>1/10 L</td></tr>
 * <tr><td>0x03</td><td>speed from the driving recorder 行驶记录功能获取的速度</td><td>WORD</td><td>1/10 km/h</td></tr>
 * <tr><td>0x30</td><td>wireless signal strength 无线通信网络信号强度</td><td>BYTE</td><td></td></tr>
 * <tr><td>0x31</td><td>GNSS satellites in use 定位卫星数</td><td>BYTE</td><td>count</td></tr>
 * </table>
 *
 * Every other item, and one of these with a length other than its type's, is kept raw in
 * {@link #extras()}; an id sent twice keeps its last value. A last item cut short (some terminals
 * pad the body with zeros that read as an item announcing more bytes than are left, as Traccar's
 * published frames show) ends the items: it is left out and the fix is kept, as Traccar does. The coordinates are as the terminal
 * sends them (WGS84 per the standard; some terminals send GCJ-02): the codec checks no range.
 * Immutable; equality compares the extras' bytes.
 *
 * @param alarmFlags       alarm flags, 0..2^32-1
 * @param statusFlags      status flags, 0..2^32-1
 * @param latitude         degrees, negative when status bit 2 (south) is set
 * @param longitude        degrees, negative when status bit 3 (west) is set
 * @param altitude         metres, 0..65535 as sent: the standard's WORD is unsigned, but some
 *                         terminals send a signed int16 (see {@link #altitudeSigned()})
 * @param speedKmh         km/h
 * @param direction        degrees clockwise from north, 0..359 per the standard (not checked)
 * @param time             the fix time (the BCD time read as GMT+8)
 * @param mileageKm        item 0x01 in km, NaN when absent
 * @param fuelLitres       item 0x02 in litres, NaN when absent
 * @param recorderSpeedKmh item 0x03 in km/h, NaN when absent
 * @param signal           item 0x30, 0..255, -1 when absent
 * @param satellites       item 0x31, 0..255, -1 when absent
 * @param extras           the other items by id (0..255), in id order; unmodifiable, the arrays not to be modified
 */
public record Location(long alarmFlags, long statusFlags, double latitude, double longitude, int altitude, double speedKmh,
        int direction, Instant time, double mileageKm, double fuelLitres, double recorderSpeedKmh, int signal, int satellites,
        Map<Integer, byte[]> extras) {

    /** Status bit 0: ACC (ignition) on. */
    public static final long STATUS_ACC = 1L;
    /** Status bit 1: positioned (the fix is valid). */
    public static final long STATUS_POSITIONED = 1L << 1;
    /** Status bit 2: south latitude. */
    public static final long STATUS_SOUTH = 1L << 2;
    /** Status bit 3: west longitude. */
    public static final long STATUS_WEST = 1L << 3;

    /** Additional item 0x01, mileage. */
    public static final int ITEM_MILEAGE = 0x01;
    /** Additional item 0x02, fuel. */
    public static final int ITEM_FUEL = 0x02;
    /** Additional item 0x03, the driving recorder's speed. */
    public static final int ITEM_RECORDER_SPEED = 0x03;
    /** Additional item 0x30, signal strength. */
    public static final int ITEM_SIGNAL = 0x30;
    /** Additional item 0x31, satellites. */
    public static final int ITEM_SATELLITES = 0x31;

    /** Bytes before the additional items. */
    public static final int BASE_LENGTH = 28;

    /** Copies the extras into an unmodifiable map in id order. */
    public Location {
        Objects.requireNonNull(time, "time");
        extras = extras == null || extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extras));
    }

    /** Whether the ACC (ignition) is on: status bit 0. */
    public boolean accOn() {
        return (statusFlags & STATUS_ACC) != 0;
    }

    /** Whether the fix is valid: status bit 1. A report without it carries the last known or no position. */
    public boolean positioned() {
        return (statusFlags & STATUS_POSITIONED) != 0;
    }

    /** The alarms set in the alarm flags. */
    public Set<Alarm> alarms() {
        return Alarm.of(alarmFlags);
    }

    /** The altitude read as a signed int16, for terminals that send negative altitudes that way. */
    public int altitudeSigned() {
        return (short) altitude;
    }

    /**
     * Reads a 0x0200 body.
     *
     * @throws Jt808Exception if the message is not 0x0200, the body is shorter than 28 bytes, the
     *                        time is no BCD time, or an additional item runs past the end
     */
    public static Location decode(Message m) {
        BodyReader.requireId(m, MessageIds.LOCATION, "location");
        return decode(m.body(), 0, m.body().length, "location");
    }

    static Location decode(byte[] body, int from, int to, String what) {
        BodyReader r = new BodyReader(body, from, to, what);
        long alarm = r.u32("alarm flags");
        long status = r.u32("status flags");
        long lat = r.u32("latitude");
        long lon = r.u32("longitude");
        int altitude = r.u16("altitude");
        int speed = r.u16("speed");
        int direction = r.u16("direction");
        Instant time = r.time("time");
        double mileage = Double.NaN;
        double fuel = Double.NaN;
        double recorderSpeed = Double.NaN;
        int signal = -1;
        int satellites = -1;
        Map<Integer, byte[]> extras = new TreeMap<>();
        while (r.remaining() > 0) {
            int at = r.position();
            if (r.remaining() < 2) {
                break;   // a stray byte after the items: the fix itself is sound (see the class comment)
            }
            int id = r.u8("item id");
            int length = r.u8("item length");
            if (length > r.remaining()) {
                break;   // a truncated last item (padding some terminals send): kept out, the fix kept
            }
            byte[] v = r.bytes(length, "item value");
            if (id == ITEM_MILEAGE && length == 4) {
                mileage = unsigned(v) / 10.0;
            } else if (id == ITEM_FUEL && length == 2) {
                fuel = unsigned(v) / 10.0;
            } else if (id == ITEM_RECORDER_SPEED && length == 2) {
                recorderSpeed = unsigned(v) / 10.0;
            } else if (id == ITEM_SIGNAL && length == 1) {
                signal = v[0] & 0xff;
            } else if (id == ITEM_SATELLITES && length == 1) {
                satellites = v[0] & 0xff;
            } else {
                extras.put(id, v);
            }
        }
        return new Location(alarm, status, degrees(lat, (status & STATUS_SOUTH) != 0), degrees(lon, (status & STATUS_WEST) != 0),
                altitude, speed / 10.0, direction, time, mileage, fuel, recorderSpeed, signal, satellites, extras);
    }

    /**
     * This report's body. Status bits 2 and 3 are written from the signs of latitude and longitude
     * (so a decoded report writes back unchanged unless it was 0 with the bit set); the typed items
     * that are present are written first, then the extras in id order. Values are rounded to their
     * wire units.
     *
     * @throws IllegalArgumentException if a value does not fit its field, or an extra has the id of
     *                                  a typed item that is present
     */
    public byte[] encode() {
        long status = withSigns(statusFlags, latitude, longitude);
        BodyWriter w = new BodyWriter().u32(alarmFlags, "alarm flags").u32(status, "status flags")
                .u32(Math.round(Math.abs(latitude) * 1e6), "latitude").u32(Math.round(Math.abs(longitude) * 1e6), "longitude")
                .u16(altitude, "altitude").u16(rounded(speedKmh * 10, "speed"), "speed").u16(direction, "direction")
                .time(time, "time");
        if (!Double.isNaN(mileageKm)) {
            w.u8(ITEM_MILEAGE, "id").u8(4, "length").u32(Math.round(mileageKm * 10), "mileage");
        }
        if (!Double.isNaN(fuelLitres)) {
            w.u8(ITEM_FUEL, "id").u8(2, "length").u16(rounded(fuelLitres * 10, "fuel"), "fuel");
        }
        if (!Double.isNaN(recorderSpeedKmh)) {
            w.u8(ITEM_RECORDER_SPEED, "id").u8(2, "length").u16(rounded(recorderSpeedKmh * 10, "recorder speed"), "recorder speed");
        }
        if (signal >= 0) {
            w.u8(ITEM_SIGNAL, "id").u8(1, "length").u8(signal, "signal");
        }
        if (satellites >= 0) {
            w.u8(ITEM_SATELLITES, "id").u8(1, "length").u8(satellites, "satellites");
        }
        for (Map.Entry<Integer, byte[]> e : extras.entrySet()) {
            int id = e.getKey();
            if (typedPresent(id)) {
                throw new IllegalArgumentException(String.format("extra 0x%02x duplicates a typed item that is present", id));
            }
            w.u8(id, "extra id").u8(e.getValue().length, "extra length").bytes(e.getValue());
        }
        return w.toByteArray();
    }

    /** A builder, for simulators and tests: every optional value absent, status flags 0 (then set from the position). */
    public static Builder builder(double latitude, double longitude, Instant time) {
        return new Builder(latitude, longitude, time);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Location l)) {
            return false;
        }
        if (alarmFlags != l.alarmFlags || statusFlags != l.statusFlags || Double.compare(latitude, l.latitude) != 0
                || Double.compare(longitude, l.longitude) != 0 || altitude != l.altitude || Double.compare(speedKmh, l.speedKmh) != 0
                || direction != l.direction || !time.equals(l.time) || Double.compare(mileageKm, l.mileageKm) != 0
                || Double.compare(fuelLitres, l.fuelLitres) != 0 || Double.compare(recorderSpeedKmh, l.recorderSpeedKmh) != 0
                || signal != l.signal || satellites != l.satellites || !extras.keySet().equals(l.extras.keySet())) {
            return false;
        }
        return extras.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), l.extras.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(alarmFlags, statusFlags, latitude, longitude, altitude, speedKmh, direction, time, mileageKm,
                fuelLitres, recorderSpeedKmh, signal, satellites);
        for (Map.Entry<Integer, byte[]> e : extras.entrySet()) {
            h = 31 * h + e.getKey() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Location[");
        s.append(String.format("alarm=0x%08x, status=0x%08x, lat=%s, lon=%s, altitude=%d, speed=%s, direction=%d, time=%s",
                alarmFlags, statusFlags, latitude, longitude, altitude, speedKmh, direction, time));
        s.append(", mileage=").append(mileageKm).append(", fuel=").append(fuelLitres).append(", recorderSpeed=")
                .append(recorderSpeedKmh).append(", signal=").append(signal).append(", satellites=").append(satellites);
        extras.forEach((id, v) -> s.append(String.format(", 0x%02x=%s", id, HexFormat.of().formatHex(v))));
        return s.append(']').toString();
    }

    private boolean typedPresent(int id) {
        return switch (id) {
            case ITEM_MILEAGE -> !Double.isNaN(mileageKm);
            case ITEM_FUEL -> !Double.isNaN(fuelLitres);
            case ITEM_RECORDER_SPEED -> !Double.isNaN(recorderSpeedKmh);
            case ITEM_SIGNAL -> signal >= 0;
            case ITEM_SATELLITES -> satellites >= 0;
            default -> false;
        };
    }

    private static double degrees(long micro, boolean negative) {
        return negative && micro != 0 ? -micro / 1e6 : micro / 1e6;
    }

    /** The status flags with bits 2 and 3 set from the signs of the position. */
    private static long withSigns(long status, double latitude, double longitude) {
        return status & ~(STATUS_SOUTH | STATUS_WEST) | (latitude < 0 ? STATUS_SOUTH : 0) | (longitude < 0 ? STATUS_WEST : 0);
    }

    private static long unsigned(byte[] v) {
        long x = 0;
        for (byte b : v) {
            x = x << 8 | (b & 0xff);
        }
        return x;
    }

    private static int rounded(double v, String field) {
        long r = Math.round(v);
        if (r < 0 || r > 0xffff) {
            throw new IllegalArgumentException(field + " out of range: " + v);
        }
        return (int) r;
    }

    /** Builds a {@link Location}; not thread-safe. */
    public static final class Builder {
        private final double latitude;
        private final double longitude;
        private final Instant time;
        private long alarmFlags;
        private long statusFlags;
        private int altitude;
        private double speedKmh;
        private int direction;
        private double mileageKm = Double.NaN;
        private double fuelLitres = Double.NaN;
        private double recorderSpeedKmh = Double.NaN;
        private int signal = -1;
        private int satellites = -1;
        private final Map<Integer, byte[]> extras = new TreeMap<>();

        private Builder(double latitude, double longitude, Instant time) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.time = time;
        }

        /** Alarm flags, 0..2^32-1. */
        public Builder alarmFlags(long flags) {
            this.alarmFlags = flags;
            return this;
        }

        /** Status flags, 0..2^32-1; bits 2 and 3 are replaced by the signs of the position. */
        public Builder statusFlags(long flags) {
            this.statusFlags = flags;
            return this;
        }

        /** Altitude in metres, 0..65535. */
        public Builder altitude(int metres) {
            this.altitude = metres;
            return this;
        }

        /** Speed in km/h. */
        public Builder speedKmh(double kmh) {
            this.speedKmh = kmh;
            return this;
        }

        /** Direction in degrees, 0..359. */
        public Builder direction(int degrees) {
            this.direction = degrees;
            return this;
        }

        /** Item 0x01 in km. */
        public Builder mileageKm(double km) {
            this.mileageKm = km;
            return this;
        }

        /** Item 0x02 in litres. */
        public Builder fuelLitres(double litres) {
            this.fuelLitres = litres;
            return this;
        }

        /** Item 0x03 in km/h. */
        public Builder recorderSpeedKmh(double kmh) {
            this.recorderSpeedKmh = kmh;
            return this;
        }

        /** Item 0x30, 0..255. */
        public Builder signal(int signal) {
            this.signal = signal;
            return this;
        }

        /** Item 0x31, 0..255. */
        public Builder satellites(int satellites) {
            this.satellites = satellites;
            return this;
        }

        /** Another item, raw; its value at most 255 bytes. */
        public Builder extra(int id, byte[] value) {
            extras.put(id, value.clone());
            return this;
        }

        /** The report. */
        public Location build() {
            return new Location(alarmFlags, withSigns(statusFlags, latitude, longitude), latitude, longitude, altitude, speedKmh, direction, time, mileageKm,
                    fuelLitres, recorderSpeedKmh, signal, satellites, extras);
        }
    }
}
