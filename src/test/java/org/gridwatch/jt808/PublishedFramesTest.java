package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.decodeAll;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames published by others, decoded to the values they plausibly carry.
 *
 * <ul>
 * <li>{@code TRACCAR}: frames from real devices collected in Traccar's test suite, repository
 *     traccar/traccar, file src/test/java/org/traccar/protocol/HuabaoProtocolDecoderTest.java
 *     (Huabao is Traccar's name for JT/T 808; 2011/2013 headers, none 2019).</li>
 * <li>{@code YEZHIHAO}: the round-trip records of the jt808-server library, repository
 *     yezhihao/jt808-server, file jtt808-protocol/src/test/resources/单元测试记录.txt (made by the
 *     library, not by devices; 2013 and 2019 headers).</li>
 * <li>{@code XTREAM}: the examples of the xtream-codec JT/T 808 library, repository
 *     makeclan/xtream-codec, file debug/jt/jt-808-server-spring-boot-starter-debug-ui/src/utils/codec-utils.ts
 *     (made by the library; 2019 headers).</li>
 * </ul>
 */
class PublishedFramesTest {

    // --- TRACCAR: real devices -------------------------------------------------------------

    @Test
    void traccarAPositionInShenzhenWithMileage() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7E0200002A013833501744..."
        Message m = message(hex("7E0200002A013833501744001900000000000000C201597FA806CC01580080000000081508180721210104000002F502020000030200009F7E"));
        assertThat(m.header()).isEqualTo(new Header(0x0200, false, 0, "013833501744", 25, false, 0, 0, 42));
        Location l = Location.decode(m);
        assertThat(l.positioned()).isTrue();
        assertThat(l.latitude()).isEqualTo(22.6426);
        assertThat(l.longitude()).isEqualTo(114.032984);
        assertThat(l.altitude()).isEqualTo(128);
        assertThat(l.speedKmh()).isZero();
        assertThat(l.direction()).isEqualTo(8);
        assertThat(l.time()).isEqualTo(Instant.parse("2015-08-17T23:21:21Z"));
        assertThat(l.mileageKm()).isEqualTo(75.7);
        assertThat(l.fuelLitres()).isZero();
        assertThat(l.recorderSpeedKmh()).isZero();
        assertThat(l.alarms()).isEmpty();
    }

    @Test
    void traccarAnSosWestOfGreenwich() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7e0200002e094027587492..."
        Location l = Location.decode(message(hex(
                "7e0200002e094027587492000a000000010000000a03083db7001329f3000000140000130412164952010400000012360a0002341502cb0c20085c107e")));
        assertThat(l.alarms()).containsExactly(Alarm.EMERGENCY);
        assertThat(l.positioned()).isTrue();
        // Status bit 3: west. 50.87° N 1.26° W is Southampton, England.
        assertThat(l.latitude()).isEqualTo(50.871735);
        assertThat(l.longitude()).isEqualTo(-1.255923);
        assertThat(l.speedKmh()).isEqualTo(2.0);
        assertThat(l.time()).isEqualTo(Instant.parse("2013-04-12T08:49:52Z"));
        assertThat(l.mileageKm()).isEqualTo(1.8);
        assertThat(l.extras()).containsOnlyKeys(0x36);
        assertThat(l.extras().get(0x36)).hasSize(10);
    }

    @Test
    void traccarSouthAndWestInBrazil() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7e020000220014012499170007..."
        Location l = Location.decode(message(hex(
                "7e020000220014012499170007000000000000400e012af16f02cbd2ba000000000000150101194257010400000077a97e")));
        // Status 0x400e: positioned, south, west: Minas Gerais, Brazil.
        assertThat(l.latitude()).isEqualTo(-19.591535);
        assertThat(l.longitude()).isEqualTo(-46.912186);
        assertThat(l.time()).isEqualTo(Instant.parse("2015-01-01T11:42:57Z"));
        assertThat(l.mileageKm()).isEqualTo(11.9);
    }

    @Test
    void traccarAReportWithoutAFixHasAccOnAndSatellites() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7e0200002c001601285614..."
        Location l = Location.decode(message(hex(
                "7e0200002c00160128561400020000000000040001005de1f7065c6cef00000000000017011710044201040000a9002a02000030011b3101030c7e")));
        assertThat(l.accOn()).isTrue();
        assertThat(l.positioned()).isFalse();
        assertThat(l.latitude()).isEqualTo(6.152695);
        assertThat(l.longitude()).isEqualTo(106.720495);
        assertThat(l.mileageKm()).isEqualTo(4326.4);
        assertThat(l.signal()).isEqualTo(27);
        assertThat(l.satellites()).isEqualTo(3);
        assertThat(l.extras()).containsOnlyKeys(0x2a);
        assertThat(l.time()).isEqualTo(Instant.parse("2017-01-17T02:04:42Z"));
    }

    @Test
    void traccarABlindAreaBatchOfEightReports() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7E0704014301356777777707F5..."
        Message m = message(hex("7E0704014301356777777707F5000801002600000000000000030159741206CBFD5001720000000116052709062401040000001D"
                + "03020000002600000000000000030159746606CBFD50016B0000000116052709065301040000001D03020000002600000000000000"
                + "03015975E406CBFE58013F0000000116052709072701040000001D0302000000260000000000000003015976DE06CBFF10012E0000"
                + "000116052709075601040000001D0302000000260000000000000003015976BC06CBFED0012D0000000116052709083001040000001D"
                + "0302000000260000000000000003015976FE06CBFEC001080000000116052709090001040000001D03020000002600000000000000"
                + "03015976FE06CBFE7800FC0000000116052709093301040000001D0302000000260000000000000003015977A606CBFF3001080000"
                + "000116052709100201040000001D030200001F7E"));
        assertThat(m.header().phone()).isEqualTo("013567777777");
        LocationBatch b = LocationBatch.decode(m);
        assertThat(b.type()).isEqualTo(LocationBatch.TYPE_BLIND_AREA);
        assertThat(b.items()).hasSize(8);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.items()).allSatisfy(l -> {
            assertThat(l.positioned()).isTrue();
            assertThat(l.latitude()).isBetween(22.63, 22.65);
            assertThat(l.longitude()).isBetween(114.03, 114.04);
            assertThat(l.mileageKm()).isEqualTo(2.9);
        });
        assertThat(b.items().get(0).time()).isEqualTo(Instant.parse("2016-05-27T01:06:24Z"));
        assertThat(b.items().get(7).time()).isEqualTo(Instant.parse("2016-05-27T01:10:02Z"));
        assertThat(b.items().get(0).altitude()).isEqualTo(370);
    }

    @Test
    void traccarA2011Registration() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7E01000021013345678906..." (33-byte body: 2011)
        Registration r = Registration.decode(message(hex(
                "7E01000021013345678906000F002C012F373031313142534A2D4D3742203030303030303001D4C1423838383838B47E")));
        assertThat(r).isEqualTo(new Registration(44, 303, "70111", "BSJ-M7B", "0000000", 1, "粤B88888", Edition.V2011));
    }

    @Test
    void traccar2013Registrations() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7e0100002d014130567872..." and "7E0100002D013511221122..."
        assertThat(Registration.decode(message(hex("7e0100002d0141305678720024002c012f373031313142534a2d41362d4244000000000000"
                + "00000000003035363738373201d4c14238383838386d7e"))))
                .isEqualTo(new Registration(44, 303, "70111", "BSJ-A6-BD", "0567872", 1, "粤B88888", Edition.V2013));
        assertThat(Registration.decode(message(hex("7E0100002D013511221122000500000000373031303748422D5230334742440000000000"
                + "0000000000003233363631303402CBD5424136383630387E"))))
                .isEqualTo(new Registration(0, 0, "70107", "HB-R03GBD", "2366104", 2, "苏BA6860", Edition.V2013));
    }

    @Test
    void traccarARegistrationWithBinaryInItsTextFieldsStillDecodes() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7e010000190940278494700012..." (25 bytes: 2011, no plate)
        Registration r = Registration.decode(message(hex(
                "7e010000190940278494700012000000000000000000000000000000000000094027849470000a7e")));
        assertThat(r.edition()).isEqualTo(Edition.V2011);
        assertThat(r.province()).isZero();
        assertThat(r.manufacturer()).isEmpty();
        assertThat(r.terminalId()).isNotEmpty();
        assertThat(r.plate()).isEmpty();
    }

    @Test
    void traccarAuthenticationsAndAHeartbeat() {
        // traccar/traccar HuabaoProtocolDecoderTest.java: "7E0102000E013511221122...", "7E010200100940278494...", "7e00020000043048325465..."
        assertThat(Authentication.decode(message(hex("7E0102000E013511221122000661757468656E7469636174696F6E3F7E"))).code())
                .isEqualTo("authentication");
        assertThat(Authentication.decode(message(hex("7E010200100940278494700084323031313131303831313333323139369F7E"))).code())
                .isEqualTo("2011110811332196");
        assertThat(message(hex("7e0002000004304832546500b7ca7e")).header())
                .isEqualTo(new Header(MessageIds.HEARTBEAT, false, 0, "043048325465", 183, false, 0, 0, 0));
    }

    @Test
    void traccarFramesThatFailTheStandardsChecks() {
        // traccar/traccar HuabaoProtocolDecoderTest.java, "7E02000032013511221122...": the header announces
        // 50 body bytes, 40 are there, and the check code is not their XOR (Traccar checks neither).
        assertThat(single(hex("7E02000032013511221122000700000000000C000301578CC006CA3A5C00470000000014072317201501040000000030011631010BD07E")))
                .extracting(Malformed::reason).isEqualTo(Malformed.Reason.BAD_CHECK);
        // "7E0200008201215233475100...": 0x7d followed by 0xa0 (no escape of the standard).
        assertThat(single(hex("7E0200008201215233475100030000000000000003015A7F6106CF8CEC003D0000000021071311481901040000005630011931"
                + "011AE10200755D3D0601CC0024990A7dA0032301CC002499099B2941FC01CC002499099B29430B01CC0024990A7dA0290601CC0024990A"
                + "7dA015FD01CC0026220994506BFFFE157C010400000001F10C000000000000000000000000997E")))
                .extracting(Malformed::reason).isEqualTo(Malformed.Reason.BAD_ESCAPE);
        // "7e0200002e202000129707...": good frame, but after the base fields come zero bytes that end in an
        // item 0x00 announcing 120 bytes: a truncated last item, left out; the fix is kept (as Traccar reads it):
        // status 0x1c06 = positioned, south latitude: near Brisbane.
        Message m = message(hex("7e0200002e202000129707001c0000000000001c0601a2f0a8091f0bf00000000000ed2011030317330000000000000000"
                + "00780000000018000000267e"));
        Location l = Location.decode(m);
        assertThat(l.positioned()).isTrue();
        assertThat(l.latitude()).isEqualTo(-27.455656);
        assertThat(l.longitude()).isEqualTo(153.029616);
        assertThat(l.extras().keySet()).as("the zero padding's empty item 0x00; the cut one left out").containsExactly(0);
    }

    // --- YEZHIHAO: 2013 and 2019 records of the jt808-server library ----------------------

    @Test
    void yezhihaoA2019Registration() {
        // yezhihao/jt808-server 单元测试记录.txt: "7e010040550112345678901234567890ffff..."
        Message m = message(hex("7e010040550112345678901234567890ffff001f0073797a6800000000000000007777772e6a74743830382e636e0000"
                + "00000000000000000000000000000030393837363534333231303938373635343332310000000000000000000001b2e2413838383838"
                + "38227e"));
        assertThat(m.header()).isEqualTo(new Header(0x0100, true, 1, "12345678901234567890", 65535, false, 0, 0, 85));
        assertThat(Registration.decode(m))
                .isEqualTo(new Registration(31, 115, "yzh", "www.jtt808.cn", "09876543210987654321", 1, "测A888888", Edition.V2019));
    }

    @Test
    void yezhihaoA2013RegistrationAndAuthentication() {
        // yezhihao/jt808-server 单元测试记录.txt: "7e0100002e123456789012..." and "7e0102002c123456789012..."
        assertThat(Registration.decode(message(hex("7e0100002e1234567890120001001f0073797a6800007777772e6a74743830382e636e00000000"
                + "0000003736353433323101b2e241383838383838a37e"))))
                .isEqualTo(new Registration(31, 115, "yzh", "www.jtt808.cn", "7654321", 1, "测A888888", Edition.V2013));
        assertThat(Authentication.decode(message(hex("7e0102002c1234567890120001706d59477a47756b4f384b345a356c70494f5467386471623365"
                + "707259614842625853504c7464627947383ddf7e"))))
                .isEqualTo(new Authentication("pmYGzGukO8K4Z5lpIOTg8dqb3eprYaHBbXSPLtdbyG8=", null, null));
    }

    @Test
    void yezhihaoA2019Authentication() {
        // yezhihao/jt808-server 单元测试记录.txt: "7e010240500112345678901234567890ffff2c..."
        assertThat(Authentication.decode(message(hex("7e010240500112345678901234567890ffff2c706d59477a47756b4f384b345a356c70494f54"
                + "67386471623365707259614842625853504c7464627947383d3132333435363738393031323334357777772e6a74743830382e636e000000"
                + "00000000557e"))))
                .isEqualTo(new Authentication("pmYGzGukO8K4Z5lpIOTg8dqb3eprYaHBbXSPLtdbyG8=", "123456789012345", "www.jtt808.cn"));
    }

    @Test
    void yezhihaoA2019Heartbeat() {
        // yezhihao/jt808-server 单元测试记录.txt: "7e000240000112345678901234567890ffff437e"
        assertThat(message(hex("7e000240000112345678901234567890ffff437e")).header())
                .isEqualTo(new Header(MessageIds.HEARTBEAT, true, 1, "12345678901234567890", 65535, false, 0, 0, 0));
    }

    @Test
    void yezhihaoGeneralResponsesAreWhatPlatformMessagesWrites() {
        // yezhihao/jt808-server 单元测试记录.txt: "7e80010005123456789012..." and "7e800140050112345678901234567890ffff..."
        Header answered2013 = new Header(0x01c8, false, 0, "123456789012", 123, false, 0, 0, 0);
        assertThat(PlatformMessages.generalResponse(answered2013, 1, Result.NOT_SUPPORTED))
                .isEqualTo(hex("7e800100051234567890120001007b01c803be7e"));
        Header answered2019 = new Header(0x01c8, true, 1, "12345678901234567890", 123, false, 0, 0, 0);
        assertThat(PlatformMessages.generalResponse(answered2019, 65535, Result.NOT_SUPPORTED))
                .isEqualTo(hex("7e800140050112345678901234567890ffff007b01c803747e"));
    }

    // --- XTREAM: 2019 examples of the xtream-codec library ---------------------------------

    @Test
    void xtreamA2019ReportWithTheSouthBitSet() {
        // makeclan/xtream-codec codec-utils.ts, BuiltinMessage0200: "7e02004026010000000001391234432900..."
        Message m = message(hex("7e02004026010000000001391234432900000000006f0000001601dc9a0707456246007b004200032501292233440202006401"
                + "040000000c417e"));
        assertThat(m.header()).isEqualTo(new Header(0x0200, true, 1, "00000000013912344329", 0, false, 0, 0, 38));
        Location l = Location.decode(m);
        assertThat(l.alarmFlags()).isEqualTo(111);
        assertThat(l.statusFlags()).isEqualTo(22);
        // 22 = bits 1, 2, 4: positioned and south, so the latitude the library shows as 31234567 is negative here.
        assertThat(l.latitude()).isEqualTo(-31.234567);
        assertThat(l.longitude()).isEqualTo(121.987654);
        assertThat(l.altitude()).isEqualTo(123);
        assertThat(l.speedKmh()).isEqualTo(6.6);
        assertThat(l.direction()).isEqualTo(3);
        assertThat(l.time()).isEqualTo(Instant.parse("2025-01-29T14:33:44Z"));
        assertThat(l.fuelLitres()).isEqualTo(10.0);
        assertThat(l.mileageKm()).isEqualTo(1.2);
        assertThat(l.alarms()).containsExactlyInAnyOrder(Alarm.EMERGENCY, Alarm.OVERSPEED, Alarm.FATIGUE, Alarm.DANGER_WARNING,
                Alarm.GNSS_ANTENNA_CUT, Alarm.GNSS_ANTENNA_SHORT);
    }

    @Test
    void xtreamA2019Batch() {
        // makeclan/xtream-codec codec-utils.ts, BuiltinMessage0704: "7e0704403f0100000000013912344329..."
        LocationBatch b = LocationBatch.decode(message(hex("7e0704403f01000000000139123443290000000200001c000000010000000101d907f2"
                + "073d336c029a00210059241029213903001c000000010000000101d907f3073d336d03090043005a241029213903f87e")));
        assertThat(b.type()).isEqualTo(LocationBatch.TYPE_NORMAL);
        assertThat(b.items()).extracting(Location::latitude).containsExactly(31.000562, 31.000563);
        assertThat(b.items()).extracting(Location::longitude).containsExactly(121.451372, 121.451373);
        assertThat(b.items()).extracting(Location::altitude).containsExactly(666, 777);
        assertThat(b.items()).extracting(Location::speedKmh).containsExactly(3.3, 6.7);
        assertThat(b.items()).extracting(Location::time).containsOnly(Instant.parse("2024-10-29T13:39:03Z"));
        assertThat(b.items()).allSatisfy(l -> assertThat(l.alarms()).containsExactly(Alarm.EMERGENCY));
    }

    @Test
    void xtream2019AnswersAreWhatPlatformMessagesWrites() {
        // makeclan/xtream-codec codec-utils.ts, BuiltinMessage8100 and BuiltinMessage8001.
        Header registration = new Header(0x0100, true, 1, "00000000013912344329", 111, false, 0, 0, 0);
        assertThat(PlatformMessages.registrationResponse(registration, 0, RegistrationResult.SUCCESS, "ok..ok..ok"))
                .isEqualTo(hex("7e8100400d01000000000139123443290000006f006f6b2e2e6f6b2e2e6f6bd27e"));
        Header location = new Header(0x0200, true, 1, "00000000013912344329", 111, false, 0, 0, 0);
        assertThat(PlatformMessages.generalResponse(location, 0, Result.SUCCESS))
                .isEqualTo(hex("7e8001400501000000000139123443290000006f020000dc7e"));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static Malformed single(byte[] frame) {
        List<Decoded> out = decodeAll(frame);
        assertThat(out).hasSize(1).first().isInstanceOf(Malformed.class);
        return (Malformed) out.get(0);
    }
}
