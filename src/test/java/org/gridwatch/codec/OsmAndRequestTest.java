package org.gridwatch.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.gridwatch.error.GridWatchException;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Telemetry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every request form Traccar Client and the OsmAnd app send, each taken from the apps' own code or
 * tests (the source is named above each), and the refusals, which name the parameter and the reason.
 */
class OsmAndRequestTest {
    static final Instant RECEIVED = Instant.parse("2026-05-01T00:30:00Z");
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    static PositionReport query(String q) {
        return OsmAndRequest.read(q, null, null, RECEIVED, null).report();
    }

    static OsmAndRequest.Fix json(String body) {
        return OsmAndRequest.read(null, body, JSON, RECEIVED, null);
    }

    /** The field a refused request names, and its message. */
    static void refused(Runnable read, String field, String message) {
        assertThatThrownBy(read::run).isInstanceOf(GridWatchException.class).hasMessage(message)
                .satisfies(e -> assertThat(((GridWatchException) e).field()).isEqualTo(field));
    }

    @Nested
    class TraccarServerTests {
        // traccar/traccar src/test/java/org/traccar/protocol/OsmAndProtocolDecoderTest.java, testDecodeQuery

        @Test
        void isoTimestampWithHdopAndAltitude() {
            PositionReport r = query("id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0"
                    + "&altitude=224.0&speed=0.0");
            assertThat(r.unit()).isEqualTo("902064");
            assertThat(r.lat()).isEqualTo(42.06288);
            assertThat(r.lon()).isEqualTo(-88.23412);
            assertThat(r.time()).isEqualTo(Instant.parse("2016-01-27T18:55:47Z"));
            assertThat(r.speed()).isZero();
            assertThat(r.telemetry().hdop()).isEqualTo(6.0);
            assertThat(r.telemetry().altitude()).isEqualTo(224.0);
        }

        @Test
        void millisecondTimestamp() {
            PositionReport r = query("id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0"
                    + "&altitude=224.0&speed=0.0");
            assertThat(r.time()).isEqualTo(Instant.ofEpochMilli(1442068686579L));
        }

        @Test
        void localDateTimeIsUtcAndIdComesLast() {
            PositionReport r = query("lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0"
                    + "&id=353861053849681");
            assertThat(r.unit()).isEqualTo("353861053849681");
            assertThat(r.time()).isEqualTo(Instant.parse("2014-06-04T09:10:11Z"));
            assertThat(r.telemetry().altitude()).isEqualTo(384.7);
        }

        @Test
        void secondsWithBearing() {
            PositionReport r = query("id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=0.0&bearing=0.0&altitude=0"
                    + "&hdop=0.0");
            assertThat(r.time()).isEqualTo(Instant.ofEpochSecond(1377177267));
            assertThat(r.heading()).isZero();
            assertThat(r.telemetry().hdop()).isZero();
        }

        @Test
        void theBareMinimum() {
            PositionReport r = query("id=123456&timestamp=1377177267&lat=60.0&lon=30.0");
            assertThat(r.lon()).isEqualTo(30.0);
            assertThat(r.lat()).isEqualTo(60.0);
            assertThat(r.speed()).isNaN();
            assertThat(r.heading()).isNaN();
            assertThat(r.accuracy()).isNaN();
            assertThat(r.telemetry()).isEqualTo(Telemetry.NONE);
        }

        @Test
        void deviceidHeadingAndNoTimestampTakeTheReceiptTime() {
            PositionReport r = query("lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456");
            assertThat(r.unit()).isEqualTo("123456");
            assertThat(r.heading()).isZero();
            assertThat(r.time()).isEqualTo(RECEIVED);
        }

        @Test
        void batteryPercent() {
            PositionReport r = query("id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479"
                    + "&speed=0.000000&batt=87");
            assertThat(r.telemetry().battery()).isEqualTo(87.0);
            assertThat(r.time()).isEqualTo(RECEIVED);
        }

        @Test
        void locationIsLatitudeFirst() {
            PositionReport r = query("id=123456&timestamp=1377177267&location=60.0,30.0");
            assertThat(r.lat()).isEqualTo(60.0);
            assertThat(r.lon()).isEqualTo(30.0);
        }

        @Test
        void ignitionFuelAndKnots() {
            PositionReport r = query("id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571"
                    + "&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24");
            assertThat(r.speed()).isCloseTo(40 * 1852.0 / 3600, within(1e-9));
            assertThat(r.heading()).isEqualTo(7.19889788244);
            assertThat(r.telemetry().ignition()).isTrue();
            assertThat(r.telemetry().fuel()).isEqualTo(24.0);
        }

        @Test
        void noCoordinatesOrNoIdIsNotAFix() {
            // Traccar falls back to the device's last location; a fix without coordinates cannot move a unit.
            refused(() -> query("id=123456&timestamp=1377177267&cell=257,02,16,2224&cell=257,02,16,2223,-90"
                    + "&wifi=00-14-22-01-23-45,-80&wifi=00-1C-B3-09-85-15,-70"), "lat",
                    "lat: is required (lat and lon, or location=lat,lon)");
            refused(() -> query("timestamp=1377177267&lat=60.0&lon=30.0"), "id", "id: is required: the unit's id (id or "
                    + "deviceid), unless the URL carries the unit's device key (/osmand/KEY)");
        }

        @Test
        void aDeviceKeyNamesTheUnitWhenTheRequestDoesNot() {
            PositionReport r = OsmAndRequest.read("timestamp=1377177267&lat=60.0&lon=30.0", null, null, RECEIVED, "P-7")
                    .report();
            assertThat(r.unit()).isEqualTo("P-7");
        }
    }

    @Nested
    class TraccarClientAndroid {
        // traccar/traccar-client-android app/src/test/java/org/traccar/client/ProtocolFormatterTest.java: the
        // parameters in the query string of a POST without a body (RequestManager.kt sets the method to POST).

        @Test
        void theFormatterTestsRequest() {
            PositionReport r = query("id=123456789012345&timestamp=0&lat=0.0&lon=0.0&speed=0.0&bearing=0.0&altitude=0.0"
                    + "&batt=0.0");
            assertThat(r.time()).isEqualTo(Instant.EPOCH);   // the pipeline drops it as early_time
            assertThat(r.telemetry().battery()).isZero();
        }

        @Test
        void freeTextAlarmIsAcceptedAndIgnored() {
            PositionReport r = query("id=123456789012345&timestamp=0&lat=0.0&lon=0.0&speed=0.0&bearing=0.0&altitude=0.0"
                    + "&batt=0.0&alarm=alert%20message");
            assertThat(r.telemetry().alarms()).isEmpty();
        }

        @Test
        void currentFormatterWithAccuracyChargeMockAndSos() {
            // app/src/main/java/org/traccar/client/ProtocolFormatter.kt: id, timestamp (s), lat, lon, speed (knots,
            // Position.kt converts from m/s), bearing, altitude, accuracy, batt; charge and mock only when true;
            // alarm=sos from the SOS shortcut.
            PositionReport r = query("id=P-1&timestamp=1777595400&lat=37.3821&lon=118.0167&speed=3.887688"
                    + "&bearing=271.5&altitude=12.0&accuracy=4.0&batt=64.0&charge=true&mock=true&alarm=sos");
            assertThat(r.speed()).isCloseTo(2.0, within(1e-6));
            assertThat(r.heading()).isEqualTo(271.5);
            assertThat(r.accuracy()).isEqualTo(4.0);
            assertThat(r.telemetry().battery()).isEqualTo(64.0);
            assertThat(r.telemetry().charging()).isTrue();
            assertThat(r.telemetry().alarms()).containsExactly(DeviceAlarm.SOS);
        }
    }

    @Nested
    class TraccarClientIos {
        // traccar/traccar-client-ios TraccarClientTests/ProtocolFormatterTests.swift (lat/lon with %.06f);
        // TraccarClient/ProtocolFormatter.swift adds accuracy and alarm; RequestManager.swift posts it.

        @Test
        void theFormatterTestsRequest() {
            PositionReport r = query("id=123456789012345&timestamp=0&lat=0.000000&lon=0.000000&speed=0.0&bearing=0.0"
                    + "&altitude=0.0&batt=0.0");
            assertThat(r.unit()).isEqualTo("123456789012345");
            assertThat(r.lat()).isZero();
        }

        @Test
        void withAccuracyAndAlarm() {
            PositionReport r = query("id=P-2&timestamp=1777595400&lat=37.382100&lon=118.016700&speed=0.0&bearing=0.0"
                    + "&altitude=8.5&accuracy=65.0&batt=100.0&alarm=sos");
            assertThat(r.accuracy()).isEqualTo(65.0);
            assertThat(r.telemetry().battery()).isEqualTo(100.0);
            assertThat(r.telemetry().alarms()).containsExactly(DeviceAlarm.SOS);
        }
    }

    @Nested
    class OsmAndApp {
        // osmandapp/OsmAnd OsmAnd/src/net/osmand/plus/plugins/monitoring/LiveMonitoringHelper.java fills the URL
        // template Traccar documents (traccar.org/osmand: id=..&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}
        // &speed={5}) with float lat/lon, the time in milliseconds, and sends a GET.

        @Test
        void theTemplateFilled() {
            PositionReport r = query("id=123456&lat=37.3821&lon=118.0167&timestamp=1777595400123&hdop=12.0&altitude=15.5"
                    + "&speed=1.25");
            assertThat(r.time()).isEqualTo(Instant.ofEpochMilli(1777595400123L));
            assertThat(r.telemetry().hdop()).isEqualTo(12.0);
            assertThat(r.speed()).isCloseTo(1.25 * OsmAndRequest.KNOT, within(1e-12));
        }
    }

    @Nested
    class Bodies {
        @Test
        void aFormBody() {
            // traccar.org/osmand: "the data can be passed as query parameters or form-based payload".
            PositionReport r = OsmAndRequest.read(null, "id=P-3&lat=37.5&lon=117.9&timestamp=1777595400&batt=55",
                    FORM, RECEIVED, null).report();
            assertThat(r.unit()).isEqualTo("P-3");
            assertThat(r.telemetry().battery()).isEqualTo(55.0);
        }

        @Test
        void queryAndFormBodyTogether() {
            PositionReport r = OsmAndRequest.read("id=P-3", "lat=37.5&lon=117.9&timestamp=1777595400", FORM, RECEIVED,
                    null).report();
            assertThat(r.unit()).isEqualTo("P-3");
            assertThat(r.lat()).isEqualTo(37.5);
            // The same parameter in both is fine with one value, refused with two.
            assertThat(OsmAndRequest.read("id=P-3&lat=37.5", "id=P-3&lat=37.5&lon=117.9", FORM, RECEIVED, null)
                    .report().unit()).isEqualTo("P-3");
            refused(() -> OsmAndRequest.read("id=P-3", "id=P-4&lat=37.5&lon=117.9", FORM, RECEIVED, null), "id",
                    "id: is given twice, as 'P-3' and 'P-4'; give it once");
        }

        @Test
        void anEmptyBodyIsNoneWhateverItsType() {
            PositionReport r = OsmAndRequest.read("id=P-3&lat=37.5&lon=117.9", "", JSON, RECEIVED, null).report();
            assertThat(r.lat()).isEqualTo(37.5);
        }

        @Test
        void aBodyWithoutAFormTypeIsReadAsParametersAsTraccarDoes() {
            PositionReport r = OsmAndRequest.read(null, "id=P-3&lat=37.5&lon=117.9", "text/plain", RECEIVED, null)
                    .report();
            assertThat(r.lon()).isEqualTo(117.9);
        }
    }

    @Nested
    class TraccarClient9Json {
        // traccar/traccar src/test/java/org/traccar/protocol/OsmAndProtocolDecoderTest.java, testDecodeJson: what the
        // Flutter app's background-geolocation library posts (traccar/traccar-client lib/preferences.dart: url,
        // params {device_id}, its locationTemplate).

        @Test
        void androidWithTheTemplatesUnderscoreMember() {
            OsmAndRequest.Fix f = json("{\"location\":{\"timestamp\":\"2025-06-15T13:45:12.862Z\",\"coords\":{\"latitude\":"
                    + "37.4219983,\"longitude\":-122.084,\"accuracy\":5,\"speed\":0,\"heading\":-1,\"altitude\":5},"
                    + "\"is_moving\":false,\"odometer\":0,\"event\":\"motionchange\",\"battery\":{\"level\":1,"
                    + "\"is_charging\":false},\"activity\":{\"type\":\"still\"},\"extras\":{},\"_\":\"&id=48241179"
                    + "&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z&\"},\"device_id\":\"48241179\"}");
            PositionReport r = f.report();
            assertThat(f.markedInvalid()).isFalse();
            assertThat(r.unit()).isEqualTo("48241179");
            assertThat(r.time()).isEqualTo(Instant.parse("2025-06-15T13:45:12.862Z"));
            assertThat(r.lat()).isEqualTo(37.4219983);
            assertThat(r.lon()).isEqualTo(-122.084);
            assertThat(r.accuracy()).isEqualTo(5.0);
            assertThat(r.speed()).isZero();
            assertThat(r.heading()).as("-1: unknown").isNaN();
            Telemetry t = r.telemetry();
            assertThat(t.battery()).isEqualTo(100.0);
            assertThat(t.charging()).isFalse();
            assertThat(t.moving()).isFalse();
            assertThat(t.event()).isEqualTo("motionchange");
            assertThat(t.altitude()).isEqualTo(5.0);
            assertThat(t.odometer()).isZero();
        }

        @Test
        void extrasOfEveryType() {
            PositionReport r = json("{\"location\":{\"timestamp\":\"2025-06-15T13:45:12.862Z\",\"coords\":{\"latitude\":"
                    + "37.4219983,\"longitude\":-122.084,\"accuracy\":5,\"speed\":0,\"heading\":-1,\"altitude\":5},"
                    + "\"is_moving\":false,\"odometer\":0,\"event\":\"motionchange\",\"battery\":{\"level\":1,"
                    + "\"is_charging\":false},\"activity\":{\"type\":\"still\"},\"extras\":{\"device_string_test\":"
                    + "\"long_device_id\",\"device_bool_test\":true,\"device_bool_false_test\":false,"
                    + "\"device_integer_test\":1,\"device_double_test\":1.345,\"device_very_long_double_test\":"
                    + "1763636.3442},\"_\":\"&id=48241179&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z"
                    + "&\"},\"device_id\":\"48241179\"}").report();
            assertThat(r.unit()).isEqualTo("48241179");
            assertThat(r.telemetry().alarms()).isEmpty();
        }

        @Test
        void iosSimulatorWithUnknownSpeedHeadingAndBattery() {
            PositionReport r = json("{\"location\":{\"extras\":{},\"mock\":true,\"coords\":{\"speed_accuracy\":-1,"
                    + "\"speed\":-1,\"longitude\":-122.406417,\"ellipsoidal_altitude\":0,\"floor\":null,"
                    + "\"heading_accuracy\":-1,\"latitude\":37.785834000000001,\"accuracy\":5,\"altitude_accuracy\":-1,"
                    + "\"altitude\":0,\"heading\":-1},\"is_moving\":false,\"age\":188,\"odometer\":0,\"uuid\":"
                    + "\"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8\",\"event\":\"motionchange\",\"battery\":{\"level\":-1,"
                    + "\"is_charging\":false},\"activity\":{\"type\":\"unknown\",\"confidence\":100},\"timestamp\":"
                    + "\"2025-05-09T04:11:30.579Z\"},\"device_id\":\"658765\"}").report();
            assertThat(r.lat()).isEqualTo(37.785834);
            assertThat(r.speed()).isNaN();
            assertThat(r.heading()).isNaN();
            assertThat(r.telemetry().battery()).isNaN();
            assertThat(r.telemetry().charging()).isFalse();
        }

        @Test
        void movingAtSpeedInMetresPerSecond() {
            PositionReport r = json("{\"location\":{\"event\":\"motionchange\",\"is_moving\":false,\"uuid\":"
                    + "\"0e9a2473-a9a7-4c00-997b-fb97d2154e75\",\"timestamp\":\"2021-07-21T08:06:34.444Z\",\"odometer\":0,"
                    + "\"coords\":{\"latitude\":-6.1148096,\"longitude\":106.6837015,\"accuracy\":3.8,\"speed\":18.67,"
                    + "\"speed_accuracy\":0.26,\"heading\":63,\"heading_accuracy\":0.28,\"altitude\":35.7,"
                    + "\"altitude_accuracy\":3.8},\"activity\":{\"type\":\"still\",\"confidence\":100},\"battery\":{"
                    + "\"is_charging\":false,\"level\":0.79},\"extras\":{}},\"device_id\":\"8737767034\"}").report();
            assertThat(r.speed()).as("m/s as sent, not knots").isEqualTo(18.67);
            assertThat(r.heading()).isEqualTo(63.0);
            assertThat(r.telemetry().battery()).isEqualTo(79.0);
            assertThat(r.telemetry().altitude()).isEqualTo(35.7);
        }

        @Test
        void theSosActionPutsTheAlarmInExtras() {
            // traccar/traccar-client lib/quick_actions.dart: getCurrentPosition(extras: {'alarm': 'sos'}), then sync;
            // Traccar reads location.alarm, else location.extras.alarm.
            PositionReport r = json("{\"location\":{\"timestamp\":\"2026-05-01T00:29:58.120Z\",\"coords\":{\"latitude\":"
                    + "37.3821,\"longitude\":118.0167,\"accuracy\":12,\"speed\":-1,\"heading\":-1,\"altitude\":9},"
                    + "\"is_moving\":true,\"odometer\":1520.5,\"event\":\"\",\"battery\":{\"level\":0.42,\"is_charging\":"
                    + "true},\"extras\":{\"alarm\":\"sos\"}},\"device_id\":\"P-9\"}").report();
            assertThat(r.telemetry().alarms()).containsExactly(DeviceAlarm.SOS);
            assertThat(r.telemetry().event()).as("the template's empty event").isNull();
            assertThat(r.telemetry().charging()).isTrue();
            assertThat(r.telemetry().odometer()).isEqualTo(1520.5);
            assertThat(r.telemetry().battery()).isEqualTo(42.0);
        }

        @Test
        void theUnitFromTheQueryOrTheDeviceKeyWhenTheBodyNamesNone() {
            String body = "{\"location\":{\"coords\":{\"latitude\":37.5,\"longitude\":117.9}}}";
            assertThat(OsmAndRequest.read("id=P-5", body, JSON, RECEIVED, null).report().unit()).isEqualTo("P-5");
            PositionReport keyed = OsmAndRequest.read(null, body, JSON, RECEIVED, "P-6").report();
            assertThat(keyed.unit()).isEqualTo("P-6");
            assertThat(keyed.time()).isEqualTo(RECEIVED);
            refused(() -> json(body), "device_id", "device_id: is required: the unit's id, unless the URL carries the "
                    + "unit's device key (/osmand/KEY)");
            refused(() -> OsmAndRequest.read("id=P-5", body.replace("}}}", "}},\"device_id\":\"P-4\"}"), JSON, RECEIVED,
                    null), "device_id", "device_id: names unit 'P-4' but the query's id names 'P-5'; give one");
        }

        @Test
        void aBodyStartingWithABraceIsJsonWhateverItsType() {
            PositionReport r = OsmAndRequest.read(null, " {\"location\":{\"coords\":{\"latitude\":37.5,\"longitude\":"
                    + "117.9}},\"device_id\":\"P-1\"}", "text/plain", RECEIVED, null).report();
            assertThat(r.lat()).isEqualTo(37.5);
        }

        @Test
        void refusals() {
            String ok = "{\"location\":{\"timestamp\":\"2026-05-01T00:29:00Z\",\"coords\":{\"latitude\":37.5,"
                    + "\"longitude\":117.9},\"battery\":{\"level\":0.5}},\"device_id\":\"P-1\"}";
            assertThat(json(ok).report().telemetry().battery()).isEqualTo(50.0);
            refused(() -> json("{\"location\":[{\"coords\":{\"latitude\":37.5,\"longitude\":117.9}}],\"device_id\":\"P-1\"}"),
                    "location", "location: must be one location object; a list of locations is not taken (Traccar "
                    + "Client sends one location per request)");
            refused(() -> json(ok.replace("\"coords\":{\"latitude\":37.5,\"longitude\":117.9},", "")), "location.coords",
                    "location.coords: is required: a location without coordinates cannot move its unit");
            refused(() -> json(ok.replace("37.5", "\"37.5\"")), "location.coords.latitude",
                    "location.coords.latitude: must be a number in [-90, 90], got '37.5'");
            refused(() -> json(ok.replace("37.5", "95")), "location.coords.latitude",
                    "location.coords.latitude: must be a number in [-90, 90], got 95");
            refused(() -> json(ok.replace("0.5", "1.5")), "location.battery.level",
                    "location.battery.level: must be a fraction in [0, 1] (negative for unknown), got 1.5");
            refused(() -> json(ok.replace("\"P-1\"", "7")), "device_id", "device_id: must be a string");
            refused(() -> json(ok.replace("2026-05-01T00:29:00Z", "2026-05-01T08:29:00")), "location.timestamp",
                    "location.timestamp: '2026-05-01T08:29:00' has no UTC offset; add one (Z for UTC, +08:00 for China)");
            refused(() -> json(ok.replace("\"device_id\"", "\"location\":{},\"device_id\"")), "location",
                    "location: appears twice in its object; give each key once");
            assertThatThrownBy(() -> json("{\"location\":")).isInstanceOf(GridWatchException.class)
                    .satisfies(e -> assertThat(((GridWatchException) e).field()).isEqualTo("body"));
        }
    }

    @Nested
    class Values {
        @Test
        void timestampForms() {
            assertThat(OsmAndRequest.time("t", "2147483646")).as("below 2^31 - 1: seconds")
                    .isEqualTo(Instant.ofEpochSecond(2147483646L));
            assertThat(OsmAndRequest.time("t", "2147483647")).as("from there: milliseconds")
                    .isEqualTo(Instant.ofEpochMilli(2147483647L));
            assertThat(OsmAndRequest.time("t", "1777595400.5")).isEqualTo(Instant.parse("2026-05-01T00:30:00.500Z"));
            assertThat(OsmAndRequest.time("t", "2026-05-01T08:30:00+08:00")).isEqualTo(RECEIVED);
            assertThat(OsmAndRequest.time("t", "2026-05-01T08:30:00+08:00[Asia/Shanghai]")).isEqualTo(RECEIVED);
            assertThat(OsmAndRequest.time("t", "2026-05-01 00:30:00")).isEqualTo(RECEIVED);
            refused(() -> query("id=P&lat=1&lon=2&timestamp=2026-13-01"), "timestamp", "timestamp: cannot read "
                    + "'2026-13-01'; give Unix seconds or milliseconds, ISO-8601 with an offset (e.g. "
                    + "2026-05-01T08:30:00+08:00) or yyyy-MM-dd HH:mm:ss (UTC)");
            refused(() -> query("id=P&lat=1&lon=2&timestamp=2026-02-30+10:00:00"), "timestamp", "timestamp: cannot "
                    + "read '2026-02-30 10:00:00'; give Unix seconds or milliseconds, ISO-8601 with an offset (e.g. "
                    + "2026-05-01T08:30:00+08:00) or yyyy-MM-dd HH:mm:ss (UTC)");
            refused(() -> query("id=P&lat=1&lon=2&timestamp=2016-01-27T18:55:47"), "timestamp",
                    "timestamp: '2016-01-27T18:55:47' has no UTC offset; add one (Z for UTC, +08:00 for China)");
        }

        @Test
        void outOfRangeOrUnreadableValuesNameTheParameter() {
            String base = "id=P&timestamp=1777595400&";
            refused(() -> query(base + "lat=95&lon=117.9"), "lat", "lat: must be a number in [-90, 90], got '95'");
            refused(() -> query(base + "lat=37.5&lon=181"), "lon", "lon: must be a number in [-180, 180], got '181'");
            refused(() -> query(base + "lat=NaN&lon=117.9"), "lat", "lat: must be a number in [-90, 90], got 'NaN'");
            refused(() -> query(base + "lat=0x1p3&lon=117.9"), "lat", "lat: must be a number in [-90, 90], got '0x1p3'");
            refused(() -> query(base + "location=37.5"), "location",
                    "location: must be 'lat,lon' (two numbers, latitude first), got '37.5'");
            refused(() -> query(base + "location=95,117.9"), "location",
                    "location: the latitude must be a number in [-90, 90], got '95'");
            refused(() -> query(base + "location=37.5,117.9&lat=37.5"), "location",
                    "location: give either location=lat,lon or lat and lon, not both");
            String fix = base + "lat=37.5&lon=117.9&";
            refused(() -> query(fix + "batt=150"), "batt", "batt: must be in [0, 100], not 150.0");
            refused(() -> query(fix + "batt=full"), "batt", "batt: must be a number, got 'full'");
            refused(() -> query(fix + "speed=-1"), "speed", "speed: must be knots in [0, 1943.8), got '-1'");
            refused(() -> query(fix + "bearing=400"), "bearing", "bearing: must be degrees in [0, 360], got '400'");
            refused(() -> query(fix + "bearing=90&heading=91"), "heading",
                    "heading: gives '91' but bearing gives '90'; give one");
            refused(() -> query(fix + "accuracy=-5"), "accuracy", "accuracy: must be metres in [0, 100000), got '-5'");
            refused(() -> query(fix + "altitude=30000"), "altitude", "altitude: must be in [-1000, 20000], not 30000.0");
            refused(() -> query(fix + "hdop=1.5f"), "hdop", "hdop: must be a number, got '1.5f'");
            refused(() -> query(fix + "sat=7.5"), "sat", "sat: must be a whole number ≥ 0, got '7.5'");
            refused(() -> query(fix + "charge=yes"), "charge", "charge: must be true or false (or 1 or 0), got 'yes'");
            refused(() -> query(fix + "deviceid=Q"), "deviceid", "deviceid: names unit 'Q' but id names 'P'; give one");
            refused(() -> query(fix + "x=%zz"), "query", "query: cannot be decoded: a malformed %-escape in 'x=%zz'");
        }

        @Test
        void emptyValuesCountAsAbsent() {
            PositionReport r = query("id=P&timestamp=&lat=37.5&lon=117.9&speed=&batt=");
            assertThat(r.time()).isEqualTo(RECEIVED);
            assertThat(r.speed()).isNaN();
            assertThat(r.telemetry()).isEqualTo(Telemetry.NONE);
        }

        @Test
        void everyTelemetryParameter() {
            Telemetry t = query("id=P&lat=37.5&lon=117.9&altitude=-12.5&hdop=0.9&batt=33.5&charge=1&ignition=0&motion=TRUE"
                    + "&sat=9&odometer=123456.7&fuel=40.5").telemetry();
            assertThat(t).isEqualTo(new Telemetry(33.5, true, false, -12.5, 0.9, 9, -1, 123456.7, 40.5,
                    java.util.Set.of(), true, null));
        }

        @Test
        void validFalseIsMarked() {
            assertThat(OsmAndRequest.read("id=P&lat=37.5&lon=117.9&valid=false", null, null, RECEIVED, null)
                    .markedInvalid()).isTrue();
            assertThat(OsmAndRequest.read("id=P&lat=37.5&lon=117.9&valid=0", null, null, RECEIVED, null)
                    .markedInvalid()).isTrue();
            assertThat(OsmAndRequest.read("id=P&lat=37.5&lon=117.9&valid=1", null, null, RECEIVED, null)
                    .markedInvalid()).isFalse();
            assertThat(OsmAndRequest.read("id=P&lat=37.5&lon=117.9", null, null, RECEIVED, null)
                    .markedInvalid()).isFalse();
        }

        @Test
        void traccarAlarmNames() {
            assertThat(OsmAndRequest.alarms("sos")).containsExactly(DeviceAlarm.SOS);
            assertThat(OsmAndRequest.alarms("SOS")).containsExactly(DeviceAlarm.SOS);
            assertThat(OsmAndRequest.alarms("overspeed,lowPower")).containsExactly(DeviceAlarm.OVERSPEED,
                    DeviceAlarm.POWER_LOW);
            assertThat(OsmAndRequest.alarms("lowBattery")).containsExactly(DeviceAlarm.POWER_LOW);
            assertThat(OsmAndRequest.alarms("powerCut")).containsExactly(DeviceAlarm.POWER_CUT);
            assertThat(OsmAndRequest.alarms("fallDown")).containsExactly(DeviceAlarm.FALL_DOWN);
            assertThat(OsmAndRequest.alarms("accident")).containsExactly(DeviceAlarm.COLLISION);
            assertThat(OsmAndRequest.alarms("tampering")).containsExactly(DeviceAlarm.TAMPER);
            assertThat(OsmAndRequest.alarms("fatigueDriving")).containsExactly(DeviceAlarm.FATIGUE);
            assertThat(OsmAndRequest.alarms("gpsAntennaCut")).containsExactly(DeviceAlarm.GNSS_FAULT);
            assertThat(OsmAndRequest.alarms("fall_down")).as("GridWatch's own ids").containsExactly(DeviceAlarm.FALL_DOWN);
            assertThat(OsmAndRequest.alarms("vibration")).isEmpty();
            assertThat(OsmAndRequest.alarms("general,geofenceEnter")).isEmpty();
        }
    }
}
