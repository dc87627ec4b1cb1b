package org.gridwatch.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeverityTest {
    @Test
    void gradeOneIsTheMostSeriousAsInTheNationalPlans() {
        assertThat(Severity.of(1)).isEqualTo(Severity.I);
        assertThat(Severity.of(1).label()).isEqualTo("Ⅰ级 特别重大");
        assertThat(Severity.of(2).label()).isEqualTo("Ⅱ级 重大");
        assertThat(Severity.of(3).label()).isEqualTo("Ⅲ级 较大");
        assertThat(Severity.of(4).label()).isEqualTo("Ⅳ级 一般");
        assertThat(Severity.DEFAULT).isEqualTo(Severity.IV);
        assertThat(Severity.II.atLeast(Severity.III)).isTrue();
        assertThat(Severity.III.atLeast(Severity.III)).isTrue();
        assertThat(Severity.IV.atLeast(Severity.III)).isFalse();
        for (Severity s : Severity.values()) {
            assertThat(Severity.of(s.level())).isEqualTo(s);
            assertThat(s.id()).isEqualTo(Integer.toString(s.level()));
        }
    }

    @Test
    void onlyTheFourGradesExist() {
        assertThatThrownBy(() -> Severity.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 (Ⅰ级)");
        assertThatThrownBy(() -> Severity.of(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
