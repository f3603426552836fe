package dev.procrastinate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardBenchTest {

    @Test
    void thePageTableGivesEveryPageWithTheMiddleAndFailedJobIdsFilledIn() {
        Map<String, String> pages = DashboardBench.pages(500, 42);

        assertThat(pages).hasSize(22).containsEntry("overview (page)", "/")
                .containsEntry("jobs, page at the middle", "/jobs?after=500")
                .containsEntry("jobs id", "/jobs?id=500")
                .containsEntry("job (failed, 3 failures)", "/jobs/42")
                .containsEntry("jobs task+status=failed", "/jobs?task=task_7&status=failed");
        assertThat(pages.values()).allMatch(path -> path.startsWith("/") && !path.contains("{"));
    }
}
