package dev.procrastinate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunIntervalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RunInterval run(long job, long pid, long fromMs, long toMs) {
        return new RunInterval(job, pid, 1L, T0.plusMillis(fromMs), T0.plusMillis(toMs));
    }

    @Test
    void twoRunsOfOneJobAtTheSameTimeAreAnOverlap() {
        assertThat(RunInterval.overlaps(List.of(run(7, 100, 0, 50), run(7, 200, 40, 90)), null))
                .singleElement().asString().startsWith("job 7: pid 100");
    }

    @Test
    void runsOneAfterTheOtherOrOfDifferentJobsAreNot() {
        assertThat(RunInterval.overlaps(List.of(run(7, 100, 0, 50), run(7, 200, 50, 90), run(8, 200, 10, 40)),
                null)).isEmpty();
    }

    @Test
    void aFrozenRunDoesNotExecuteDuringItsFreezeSoARerunInsideTheFreezeIsNoOverlap() {
        FaultRun.Freeze freeze = new FaultRun.Freeze(100, T0.plusMillis(20), T0.plusMillis(5_000));
        List<RunInterval> runs = List.of(run(7, 100, 0, 5_010), run(7, 200, 2_500, 2_520));

        assertThat(RunInterval.overlaps(runs, freeze)).isEmpty();
    }

    @Test
    void aRerunStillRunningWhenTheFrozenProcessResumesIsAnOverlap() {
        FaultRun.Freeze freeze = new FaultRun.Freeze(100, T0.plusMillis(20), T0.plusMillis(5_000));
        List<RunInterval> runs = List.of(run(7, 100, 0, 5_010), run(7, 200, 4_990, 5_005));

        assertThat(RunInterval.overlaps(runs, freeze)).hasSize(1);
    }

    @Test
    void aHeldRunResumingAtSigcontIsExcusedWithinTheResumeWindowOnly() {
        FaultRun.Freeze freeze = new FaultRun.Freeze(100, T0.plusMillis(20), T0.plusMillis(5_000));
        List<RunInterval> resumedBriefly = List.of(run(7, 100, 5_001, 5_010), run(7, 200, 4_990, 5_005));
        List<RunInterval> resumedLong = List.of(run(7, 100, 0, 6_000), run(7, 200, 5_700, 5_800));

        assertThat(RunInterval.overlaps(resumedBriefly, freeze, java.util.Set.of(7L))).isEmpty();
        assertThat(RunInterval.overlaps(resumedLong, freeze, java.util.Set.of(7L))).hasSize(1);
    }

    @Test
    void theFreezeExcusesOnlyTheFrozenProcess() {
        FaultRun.Freeze freeze = new FaultRun.Freeze(300, T0.plusMillis(20), T0.plusMillis(5_000));
        List<RunInterval> runs = List.of(run(7, 100, 0, 5_010), run(7, 200, 2_500, 2_520));

        assertThat(RunInterval.overlaps(runs, freeze)).hasSize(1);
    }
}
