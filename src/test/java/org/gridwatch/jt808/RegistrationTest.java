package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.REGISTRATION_2011;
import static org.gridwatch.jt808.HandBuiltFrames.REGISTRATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.REGISTRATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Registration} 0x0100 in its three layouts. */
class RegistrationTest {

    @Test
    void the2011LayoutIsToldByItsLength() {
        Message m = message(REGISTRATION_2011);
        assertThat(m.body()).hasSize(33);
        assertThat(Registration.decode(m))
                .isEqualTo(new Registration(37, 1600, "GW123", "GW1", "ABCD123", 1, "鲁M12345", Edition.V2011));
    }

    @Test
    void the2013Layout() {
        assertThat(Registration.decode(message(REGISTRATION_2013)))
                .isEqualTo(new Registration(37, 1600, "GW123", "GW-T3000", "ABCD123", 2, "鲁M12345", Edition.V2013));
    }

    @Test
    void the2019LayoutFollowsTheHeaderAndItsPaddingMayLead() {
        assertThat(Registration.decode(message(REGISTRATION_2019)))
                .isEqualTo(new Registration(37, 1600, "GW123", "GW-T3000", "86789012345678901234", 1, "鲁M12345", Edition.V2019));
    }

    @Test
    void eachEditionEncodesBackToTheHandBuiltBody() {
        for (byte[] f : new byte[][] {REGISTRATION_2011, REGISTRATION_2013, REGISTRATION_2019}) {
            Message m = message(f);
            Registration r = Registration.decode(m);
            byte[] body = r.encode();
            if (r.edition() == Edition.V2019) {
                // The hand-built 2019 frame pads the terminal id in front; the encoder pads behind.
                assertThat(Registration.decode(new Message(m.header().withMessage(0x0100, 0).withBodyLength(body.length), body)))
                        .isEqualTo(r);
            } else {
                assertThat(body).isEqualTo(m.body());
                assertThat(TerminalFrames.registration(m.header(), r)).isEqualTo(f);
            }
        }
    }

    @Test
    void aBodyShorterThanThe2011FixedFieldsIsShort() {
        Message m = message(REGISTRATION_2011);
        byte[] body = Arrays.copyOf(m.body(), 20);
        assertThatThrownBy(() -> Registration.decode(new Message(m.header().withBodyLength(20), body)))
                .isInstanceOfSatisfying(Jt808Exception.class, e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.SHORT_BODY))
                .hasMessageContaining("terminal id");
    }

    @Test
    void anotherMessageIdIsRefused() {
        Message m = message(REGISTRATION_2013);
        Message other = new Message(m.header().withMessage(0x0102, 0).withBodyLength(m.body().length), m.body());
        assertThatThrownBy(() -> Registration.decode(other))
                .isInstanceOfSatisfying(Jt808Exception.class, e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.BAD_VALUE));
    }

    @Test
    void fieldsLongerThanTheirEditionAreRefusedWhenEncoding() {
        assertThatThrownBy(() -> new Registration(37, 1600, "GW12345", "M", "T", 1, "鲁M12345", Edition.V2013).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manufacturer");
        assertThatThrownBy(() -> new Registration(37, 1600, "GW", "M", "T", 1, "LSVAM4187C2184847", Edition.V2011).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2013");
    }
}
