package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.AUTHENTICATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.AUTHENTICATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Authentication} 0x0102 before and in 2019. */
class AuthenticationTest {

    @Test
    void before2019TheCodeIsTheWholeBody() {
        assertThat(Authentication.decode(message(AUTHENTICATION_2013))).isEqualTo(new Authentication("a~b}c", null, null));
    }

    @Test
    void in2019ALengthByteThenImeiAndSoftwareVersion() {
        assertThat(Authentication.decode(message(AUTHENTICATION_2019)))
                .isEqualTo(new Authentication("ABC12", "867890123456789", "V2.1.0"));
    }

    @Test
    void bothEncodeBackToTheirFrames() {
        for (byte[] f : new byte[][] {AUTHENTICATION_2013, AUTHENTICATION_2019}) {
            Message m = message(f);
            assertThat(TerminalFrames.authentication(m.header(), Authentication.decode(m))).isEqualTo(f);
        }
    }

    @Test
    void a2019BodyCutInTheSoftwareVersionIsShort() {
        Message m = message(AUTHENTICATION_2019);
        byte[] body = Arrays.copyOf(m.body(), m.body().length - 1);
        assertThatThrownBy(() -> Authentication.decode(new Message(m.header().withBodyLength(body.length), body)))
                .isInstanceOfSatisfying(Jt808Exception.class, e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.SHORT_BODY))
                .hasMessageContaining("software version");
    }

    @Test
    void a2019CodeLengthPastTheEndIsShort() {
        Message m = message(AUTHENTICATION_2019);
        byte[] body = m.body().clone();
        body[0] = (byte) 200;
        assertThatThrownBy(() -> Authentication.decode(new Message(m.header(), body))).isInstanceOf(Jt808Exception.class)
                .hasMessageContaining("code");
    }
}
