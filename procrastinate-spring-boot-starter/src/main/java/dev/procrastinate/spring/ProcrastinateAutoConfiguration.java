package dev.procrastinate.spring;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.core.App;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.worker.JobListener;
import dev.procrastinate.api.JobMiddleware;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Procrastinate for a Spring Boot application: an {@link App} on the application's DataSource (or
 * {@code procrastinate.database-url}), {@link Task} bean methods registered with it, the schema installed at start-up,
 * an optional worker in the application, a health indicator and Micrometer meters. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "procrastinate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProcrastinateProperties.class)
public class ProcrastinateAutoConfiguration {

    private static final boolean FLYWAY_PRESENT = ClassUtils.isPresent("org.flywaydb.core.Flyway",
            ProcrastinateAutoConfiguration.class.getClassLoader());

    @Bean
    static TaskMethodRegistrar procrastinateTaskMethodRegistrar(ObjectProvider<App> app) {
        return new TaskMethodRegistrar(app);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connector procrastinateConnector(ProcrastinateProperties properties, ObjectProvider<DataSource> dataSource,
            Environment environment) {
        return ConnectorFactory.create(properties, dataSource.getIfUnique(), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    JsonCodec procrastinateJsonCodec() {
        return JsonCodec.standard();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    App procrastinateApp(Connector connector, JsonCodec json, ProcrastinateProperties properties,
            ObjectProvider<DataSource> dataSource, ObjectProvider<DeferListener> deferListeners,
            ObjectProvider<ProcrastinateAppCustomizer> customizers) {
        DataSource joinable = properties.isDeferInTransaction() && properties.getDatabaseUrl() == null
                ? dataSource.getIfUnique() : null;
        JobManager jobManager = new TransactionalJobManager(new SqlJobManager(connector), connector, joinable,
                jobs -> deferListeners.orderedStream().forEach(listener -> listener.deferred(jobs)));
        App app = App.builder().connector(connector).jobManager(jobManager).json(json).build();
        customizers.orderedStream().forEach(customizer -> customizer.customize(app));
        return app.open();
    }

    @Bean
    @ConditionalOnMissingBean
    ProcrastinateSchemaInitializer procrastinateSchemaInitializer(App app, ProcrastinateProperties properties,
            ObjectProvider<DataSource> dataSource) {
        DataSource ownDataSource = properties.getDatabaseUrl() == null ? dataSource.getIfUnique() : null;
        ProcrastinateProperties.SchemaApply mode = properties.getSchema().getApply();
        if (mode == null) {
            mode = FLYWAY_PRESENT && ownDataSource != null ? ProcrastinateProperties.SchemaApply.FLYWAY
                    : ProcrastinateProperties.SchemaApply.NONE;
        }
        ProcrastinateSchemaInitializer initializer = new ProcrastinateSchemaInitializer(app, ownDataSource, mode,
                properties.getSchema().getFlywayTable());
        initializer.apply();
        return initializer;
    }

    @Bean
    @ConditionalOnBooleanProperty("procrastinate.worker.enabled")
    @ConditionalOnMissingBean
    ProcrastinateWorkerLifecycle procrastinateWorker(App app, ProcrastinateProperties properties,
            ProcrastinateSchemaInitializer schemaFirst, ObjectProvider<JobMiddleware> middleware,
            ObjectProvider<JobListener> listeners) {
        return new ProcrastinateWorkerLifecycle(app, properties.getWorker().toOptions()
                .middleware(middleware.orderedStream().toList())
                .listeners(listeners.orderedStream().toList()).build());
    }

    /** Health, when the application has Spring Boot's health support (Actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnEnabledHealthIndicator("procrastinate")
        @ConditionalOnMissingBean(name = "procrastinateHealthIndicator")
        ProcrastinateHealthIndicator procrastinateHealthIndicator(App app,
                ObjectProvider<ProcrastinateWorkerLifecycle> worker) {
            return new ProcrastinateHealthIndicator(app, Optional.ofNullable(worker.getIfAvailable()));
        }
    }

    /** Meters, when the application has a Micrometer registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        @ConditionalOnMissingBean
        ProcrastinateMetrics procrastinateMetrics(MeterRegistry registry, App app,
                ProcrastinateProperties properties) {
            return new ProcrastinateMetrics(registry, app.jobManager(),
                    properties.getMetrics().getQueueDepthInterval());
        }
    }
}
