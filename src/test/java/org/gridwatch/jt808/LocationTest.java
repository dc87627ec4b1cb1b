package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_SOUTH_WEST;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Location} 0x0200: base fields, signs, time, additional items. */
class LocationTest {
    private static final Instant T = Instant.parse("2026-03-15T00:30:00Z");

    @Test
    void everyFieldOfTheHandBuiltReport() {
        Location l = Location.decode(message(LOCATION_2013));
        assertThat(l.alarmFlags()).isEqualTo(1);
        assertThat(l.alarms()).containsExactly(Alarm.EMERGENCY);
        assertThat(l.statusFlags()).isEqualTo(3);
        assertThat(l.accOn()).isTrue();
        assertThat(l.positioned()).isTrue();
        assertThat(l.latitude()).isEqualTo(37.383);
        assertThat(l.longitude()).isEqualTo(117.97);
        assertThat(l.altitude()).isEqualTo(12);
        assertThat(l.speedKmh()).isEqualTo(45.6);
        assertThat(l.direction()).isEqualTo(90);
        assertThat(l.time()).isEqualTo(T);
        assertThat(l.mileageKm()).isEqualTo(300.0);
        assertThat(l.fuelLitres()).isEqualTo(50.0);
        assertThat(l.recorderSpeedKmh()).isEqualTo(45.4);
        assertThat(l.signal()).isEqualTo(26);
        assertThat(l.satellites()).isEqualTo(12);
        assertThat(l.extras()).containsOnlyKeys(0x25);
        assertThat(l.extras().get(0x25)).containsExactly(0, 0, 1, 2);
    }

    @Test
    void the2019HeaderCarriesTheSameBody() {
        assertThat(Location.decode(message(LOCATION_2019))).isEqualTo(Location.decode(message(LOCATION_2013)));
    }

    @Test
    void southAndWestAreNegativeAndAbsentItemsAreNanOrMinusOne() {
        Location l = Location.decode(message(LOCATION_SOUTH_WEST));
        assertThat(l.latitude()).isEqualTo(-30.0);
        assertThat(l.longitude()).isEqualTo(-60.0);
        assertThat(l.positioned()).isTrue();
        assertThat(l.accOn()).isFalse();
        assertThat(l.alarms()).isEmpty();
        assertThat(l.altitude()).isEqualTo(65486);
        assertThat(l.altitudeSigned()).isEqualTo(-50);
        assertThat(l.direction()).isEqualTo(359);
        assertThat(l.time()).isEqualTo(Instant.parse("2099-12-31T15:59:59Z"));
        assertThat(l.mileageKm()).isNaN();
        assertThat(l.fuelLitres()).isNaN();
        assertThat(l.recorderSpeedKmh()).isNaN();
        assertThat(l.signal()).isEqualTo(-1);
        assertThat(l.satellites()).isEqualTo(-1);
        assertThat(l.extras()).isEmpty();
    }

    @Test
    void reportsEncodeBackToTheirFrames() {
        for (byte[] f : new byte[][] {LOCATION_2013, LOCATION_2019, LOCATION_SOUTH_WEST}) {
            Message m = message(f);
            assertThat(TerminalFrames.location(m.header(), Location.decode(m))).isEqualTo(f);
        }
    }

    @Test
    void aKnownItemOfTheWrongLengthIsKeptRaw() {
        Location l = Location.decode(withItems("30020102" + "3101ff"));
        assertThat(l.signal()).isEqualTo(-1);
        assertThat(l.extras().get(0x30)).containsExactly(1, 2);
        assertThat(l.satellites()).isEqualTo(255);
    }

    @Test
    void anItemSentTwiceKeepsItsLastValue() {
        assertThat(Location.decode(withItems("310103" + "310104")).satellites()).isEqualTo(4);
    }

    @Test
    void aTruncatedLastItemOrAStrayByteIsLeftOutAndTheFixKept() {
        Location cut = Location.decode(withItems("310107" + "01040000"));
        assertThat(cut.satellites()).as("the items before it are read").isEqualTo(7);
        assertThat(cut.mileageKm()).isNaN();
        assertThat(cut.extras()).isEmpty();
        Location stray = Location.decode(withItems("310109" + "30"));
        assertThat(stray.satellites()).isEqualTo(9);
        assertThat(stray.signal()).isEqualTo(-1);
    }

    @Test
    void aBodyShorterThanTheBaseFieldsIsShort() {
        Message m = message(LOCATION_SOUTH_WEST);
        byte[] body = Arrays.copyOf(m.body(), 27);
        assertThatThrownBy(() -> Location.decode(new Message(m.header().withBodyLength(27), body)))
                .isInstanceOfSatisfying(Jt808Exception.class, e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.SHORT_BODY))
                .hasMessageContaining("time");
    }

    @Test
    void aTimeThatIsNotBcdOrNoDateIsBadTime() {
        for (String time : new String[] {"26031508300a", "261315083000", "260230120000", "000000000000", "260315246000"}) {
            Message m = withTime(time);
            assertThatThrownBy(() -> Location.decode(m)).as(time).isInstanceOfSatisfying(Jt808Exception.class,
                    e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.BAD_TIME));
        }
    }

    @Test
    void theBuilderSetsTheSignBitsAndOmitsAbsentItems() {
        Location l = Location.builder(-33.8688, 151.2093, T).statusFlags(Location.STATUS_WEST | Location.STATUS_POSITIONED)
                .speedKmh(12.3).satellites(7).extra(0xe1, new byte[] {9}).build();
        assertThat(l.statusFlags()).isEqualTo(Location.STATUS_SOUTH | Location.STATUS_POSITIONED);
        byte[] body = l.encode();
        assertThat(body).hasSize(Location.BASE_LENGTH + 3 + 3);
        Location back = Location.decode(new Message(Header.of2013(0x0200, "1", 0).withBodyLength(body.length), body));
        assertThat(back).isEqualTo(l);
        assertThat(back.mileageKm()).isNaN();
    }

    @Test
    void anExtraDuplicatingAPresentTypedItemIsRefused() {
        Location l = Location.builder(1, 1, T).signal(3).extra(Location.ITEM_SIGNAL, new byte[] {4}).build();
        assertThatThrownBy(l::encode).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x30");
    }

    @Test
    void timesOutsideTheBcdCenturyAreRefusedWhenEncoding() {
        assertThatThrownBy(() -> Location.builder(1, 1, Instant.parse("1999-12-31T15:59:59Z")).build().encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2000");
    }

    @Test
    void equalityComparesTheExtrasBytes() {
        Location a = Location.builder(1, 2, T).extra(0x40, new byte[] {1, 2}).build();
        Location b = Location.builder(1, 2, T).extra(0x40, new byte[] {1, 2}).build();
        Location c = Location.builder(1, 2, T).extra(0x40, new byte[] {1, 3}).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).contains("0x40=0102");
        assertThat(a.alarms()).isEqualTo(Set.of());
    }

    /** The south-west report with additional items appended (hex), as a message. */
    private static Message withItems(String itemsHex) {
        Message m = message(LOCATION_SOUTH_WEST);
        byte[] items = HexFormat.of().parseHex(itemsHex);
        byte[] body = Arrays.copyOf(m.body(), m.body().length + items.length);
        System.arraycopy(items, 0, body, m.body().length, items.length);
        return new Message(m.header().withBodyLength(body.length), body);
    }

    private static Message withTime(String timeHex) {
        Message m = message(LOCATION_SOUTH_WEST);
        byte[] body = m.body().clone();
        System.arraycopy(HexFormat.of().parseHex(timeHex), 0, body, 22, 6);
        return new Message(m.header(), body);
    }
}
