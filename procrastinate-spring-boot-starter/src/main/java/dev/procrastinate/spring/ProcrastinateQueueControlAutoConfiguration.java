package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.core.App;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Writes {@code procrastinate.queues.<name>.*} to the database once the schema is there and before the worker
 * starts. At run time, pause, resume and limits go through the {@code App}'s {@code JobManager}
 * ({@code app.jobManager().pauseQueue("emails")}), the CLI or the dashboard.
 */
@AutoConfiguration(after = ProcrastinateAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "procrastinate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProcrastinateQueueProperties.class)
public class ProcrastinateQueueControlAutoConfiguration {

    /** The queues' settings as applied at start; a marker the worker's start comes after. */
    public static final class AppliedQueueControls {
        private AppliedQueueControls() {
        }
    }

    @Bean
    @ConditionalOnBean(App.class)
    AppliedQueueControls procrastinateQueueControls(App app, ProcrastinateSchemaInitializer schemaFirst,
            ProcrastinateQueueProperties properties) {
        JobManager jobs = app.jobManager();
        for (Map.Entry<String, ProcrastinateQueueProperties.Queue> entry : properties.getQueues().entrySet()) {
            String queue = entry.getKey();
            ProcrastinateQueueProperties.Queue settings = entry.getValue();
            try {
                if (settings.hasLimits()) {
                    jobs.setQueueLimits(queue, settings.limits());
                }
                if (Boolean.TRUE.equals(settings.getPaused())) {
                    jobs.pauseQueue(queue);
                } else if (Boolean.FALSE.equals(settings.getPaused())) {
                    jobs.resumeQueue(queue);
                }
            } catch (ConfigurationException e) {
                throw new ConfigurationException("procrastinate.queues." + queue + ": " + e.getMessage()
                        .replace("maxRunningPerKey", "max-running-per-key")
                        .replace("maxStartsPerKey", "max-starts-per-key").replace("maxRunning", "max-running")
                        .replace("maxStarts", "max-starts").replace("ratePeriod", "rate-period"));
            }
        }
        return new AppliedQueueControls();
    }
}
