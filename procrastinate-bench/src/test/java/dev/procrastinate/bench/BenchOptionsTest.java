package dev.procrastinate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void refusesAFlagWithoutItsValueNamingTheFlag() {
        assertThatThrownBy(() -> Bench.Args.parse(new String[] {"--jobs", "10", "--sections"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sections needs a value");
    }

    @Test
    void refusesAnUnknownFlagNamingIt() {
        assertThatThrownBy(() -> Bench.main(new String[] {"--latency-secs", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown flag --latency-secs");
    }

    @Test
    void refusesAnUnknownSectionListingTheKnownOnes() {
        assertThatThrownBy(() -> Bench.main(new String[] {"--sections", "drain,latencies"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bigtables")
                .hasMessageContaining("deferbound");
    }

    @Test
    void refusesControlRoundsBelowOneNamingTheFlagBeforeAnythingStarts() {
        assertThatThrownBy(() -> Bench.main(new String[] {"--sections", "control", "--control-rounds", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--control-rounds takes a whole number of at least 1, got 0");
    }

    @Test
    void theDefaultTableLeavesOutTheLongSections() {
        assertThat(Bench.DEFAULT_SECTIONS).containsExactly("defer", "floor", "drain", "peer", "delete", "pickup");
        assertThat(Bench.SECTIONS).contains("latency", "bigtables", "processes", "deferbound", "dashboard", "control");
        assertThat(Bench.USAGE).contains("control ").contains("--control-rounds");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LoadLatency.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(LoadLatency.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(LoadLatency.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }
}
