package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFilterTest {

    private static JobFilter filter(Map<String, String> params) {
        return JobFilter.from(params::get);
    }

    @Test
    void everyGivenFieldBecomesOneNumberedCondition() {
        List<Object> params = new ArrayList<>(List.of("already there"));

        String where = filter(Map.of("queue", "mail", "status", "failed", "id", "#42")).where(params);

        assertThat(where).isEqualTo("j.queue_name = $2 AND j.status = $3::procrastinate_job_status AND j.id = $4");
        assertThat(params).containsExactly("already there", "mail", "failed", 42L);
    }

    @Test
    void argumentTextIsAnEscapedLiteralWithLikeWildcardsTakenLiterally() {
        List<Object> params = new ArrayList<>();

        String where = filter(Map.of("args", "50%_o'k\\")).where(params);

        assertThat(where).isEqualTo("j.args::text ILIKE E'%50\\\\%\\\\_o''k\\\\\\\\%'");
        assertThat(params).isEmpty();
    }

    @Test
    void noFieldMatchesEverything() {
        JobFilter none = filter(Map.of());

        assertThat(none.where(new ArrayList<>())).isEqualTo("TRUE");
        assertThat(none.describe()).isEqualTo("all jobs");
    }

    @Test
    void aBadStatusOrIdIsRefusedNamingWhatToGive() {
        assertThatThrownBy(() -> filter(Map.of("status", "done"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown status 'done'; choose one of [todo, doing, succeeded, failed, cancelled, "
                        + "aborting, aborted]");
        assertThatThrownBy(() -> filter(Map.of("id", "twelve"))).hasMessage("job id must be a whole number, got "
                + "'twelve'");
        assertThatThrownBy(() -> filter(Map.of("args", "a\0b")).where(new ArrayList<>()))
                .hasMessageContaining("NUL character");
    }

    @Test
    void theFilterRoundTripsThroughItsParameters() {
        JobFilter filter = filter(Map.of("task", "t", "status", "todo", "lock", "l", "queueing_lock", "q"));

        assertThat(filter(filter.params())).isEqualTo(filter);
        assertThat(filter.status()).isEqualTo(JobStatus.TODO);
        assertThat(filter.describe()).isEqualTo("task = t, status = todo, lock = l, queueing lock = q");
    }
}
