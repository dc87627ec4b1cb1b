package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Header}: factories, forms, ranges, the normalised phone. */
class HeaderTest {

    @Test
    void phonesArePaddedToTheirEditionsDigits() {
        assertThat(Header.of2013(0x0200, "13912344329", 1).phone()).isEqualTo("013912344329");
        assertThat(Header.of2019(0x0200, 1, "13912344329", 1).phone()).isEqualTo("00000000013912344329");
        assertThatThrownBy(() -> Header.of2013(0x0200, "1391234432901", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Header.of2013(0x0200, "1391234432a", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimal digits");
    }

    @Test
    void theNormalisedPhoneHasNoLeadingZeros() {
        assertThat(Header.normalisedPhone("013912344329")).isEqualTo("13912344329");
        assertThat(Header.normalisedPhone("00000000013912344329")).isEqualTo("13912344329");
        assertThat(Header.normalisedPhone("13912344329")).isEqualTo("13912344329");
        assertThat(Header.normalisedPhone("000000000000")).isEqualTo("0");
        assertThat(Header.normalisedPhone("100")).isEqualTo("100");
    }

    @Test
    void aReplyKeepsTheTerminalsForm() {
        Header h = new Header(0x0200, true, 3, "00000000013912344329", 77, true, 2, 1, 300);
        assertThat(h.withMessage(0x8001, 5)).isEqualTo(new Header(0x8001, true, 3, "00000000013912344329", 5, false, 0, 0, 0));
        assertThat(h.length()).isEqualTo(21);
        assertThat(h.withMessage(1, 1).length()).isEqualTo(17);
        assertThat(Header.of2013(1, "1", 1).length()).isEqualTo(12);
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> new Header(0x10000, false, 0, "013912344329", 0, false, 0, 0, 0))
                .hasMessageContaining("messageId");
        assertThatThrownBy(() -> new Header(1, false, 1, "013912344329", 0, false, 0, 0, 0)).hasMessageContaining("protocolVersion");
        assertThatThrownBy(() -> new Header(1, false, 0, "013912344329", 65536, false, 0, 0, 0)).hasMessageContaining("serial");
        assertThatThrownBy(() -> new Header(1, false, 0, "013912344329", 0, false, 2, 3, 0)).hasMessageContaining("packageIndex");
        assertThatThrownBy(() -> new Header(1, false, 0, "013912344329", 0, false, 2, 0, 0)).hasMessageContaining("packageIndex");
        assertThatThrownBy(() -> new Header(1, true, 0, "013912344329", 0, false, 0, 0, 0)).hasMessageContaining("20");
    }

    @Test
    void aBodyTooLongForOneFrameIsRefused() {
        assertThatThrownBy(() -> Frames.encode(Header.of2013(0x0704, "1", 0), new byte[1024]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sub-packaged");
        assertThat(Frames.encode(Header.of2013(0x0704, "1", 0), new byte[1023])).hasSizeGreaterThan(1023);
    }
}
