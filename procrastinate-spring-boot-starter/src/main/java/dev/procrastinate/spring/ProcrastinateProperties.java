package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code procrastinate.*}: where the queue lives, how the schema is installed, and the in-application worker. The
 * defaults are core's own ({@link ConnectorOptions}, {@link WorkerOptions#defaults()}), read rather than copied,
 * except the worker's {@code install-signal-handlers} (off: Spring owns shutdown and stops the worker with the
 * context). A value core refuses is reported under its property's name ({@link ConfigurationException#option()}).
 */
@ConfigurationProperties("procrastinate")
public class ProcrastinateProperties {

    /**
     * A database of its own for the queue ({@code postgresql://…} or {@code jdbc:postgresql:…}). Unset: the
     * application's DataSource, and defers join its transactions.
     */
    private String databaseUrl;

    /** The connector to use when several are on the class path: jdbc, pgjdbc-ng, vertx, or your own. */
    private String connector;

    /** Pool size of a connector that makes its own pool (with database-url, or a non-JDBC connector). */
    private int poolSize = CONNECTOR_DEFAULTS.maxPoolSize();

    /** How long a statement waits for a connection of the connector's own pool. */
    private Duration connectionTimeout = CONNECTOR_DEFAULTS.connectionTimeout();

    /**
     * A direct address of the server for LISTEN, when database-url (or spring.datasource.url) is a pooler in
     * transaction mode such as PgBouncer, through which LISTEN cannot work. Credentials as for the database URL.
     */
    private String listenUrl;

    /** The database URL is a pooler in transaction mode (PgBouncer): the connector uses no named prepared statements. */
    private boolean transactionPooler;

    /** Whether a defer inside a Spring transaction on the application's DataSource joins that transaction. */
    private boolean deferInTransaction = true;

    /** Core's connector defaults (the URL is a placeholder: only the defaults are read). */
    private static final ConnectorOptions CONNECTOR_DEFAULTS = ConnectorOptions.ofUrl("postgresql://localhost/");

    private final Schema schema = new Schema();
    private final Worker worker = new Worker();
    private final Metrics metrics = new Metrics();

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    public String getConnector() {
        return connector;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public String getListenUrl() {
        return listenUrl;
    }

    public void setListenUrl(String listenUrl) {
        this.listenUrl = listenUrl;
    }

    public boolean isTransactionPooler() {
        return transactionPooler;
    }

    public void setTransactionPooler(boolean transactionPooler) {
        this.transactionPooler = transactionPooler;
    }

    /** A connector option's property: {@code maxPoolSize} is {@code procrastinate.pool-size}, the others alike. */
    static String connectorProperty(String option) {
        return "procrastinate." + (option.equals(ConnectorOptions.MAX_POOL_SIZE) ? "pool-size"
                : option.equals(ConnectorOptions.URL) ? "database-url" : kebab(option));
    }

    /** {@code stalledWorkerTimeout} → {@code stalled-worker-timeout}. */
    static String kebab(String option) {
        return option.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The exception again, its message naming {@code property} (the option's property) first. */
    static ConfigurationException named(String property, ConfigurationException e) {
        return new ConfigurationException(property + ": " + e.getMessage(), e);
    }

    public boolean isDeferInTransaction() {
        return deferInTransaction;
    }

    public void setDeferInTransaction(boolean deferInTransaction) {
        this.deferInTransaction = deferInTransaction;
    }

    public Schema getSchema() {
        return schema;
    }

    public Worker getWorker() {
        return worker;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** How the procrastinate schema gets into the database at start-up. */
    public enum SchemaApply {
        /** The starter's Flyway migrations, with their own history table. */
        FLYWAY,
        /** Applies the schema when the jobs table is missing; no history. */
        IF_MISSING,
        /** Nothing: the schema is installed some other way (the CLI, your own migrations). */
        NONE
    }

    /** {@code procrastinate.schema.*}. */
    public static class Schema {

        /** flyway, if-missing or none. Default: flyway when Flyway is on the class path, else none. */
        private SchemaApply apply;

        /** The Flyway history table of procrastinate's migrations, apart from the application's own. */
        private String flywayTable = "procrastinate_schema_history";

        public SchemaApply getApply() {
            return apply;
        }

        public void setApply(SchemaApply apply) {
            this.apply = apply;
        }

        public String getFlywayTable() {
            return flywayTable;
        }

        public void setFlywayTable(String flywayTable) {
            this.flywayTable = flywayTable;
        }
    }

    /** {@code procrastinate.metrics.*}. */
    public static class Metrics {

        /** How often the per-queue depth gauges are read from the database. */
        private Duration queueDepthInterval = Duration.ofSeconds(15);

        public Duration getQueueDepthInterval() {
            return queueDepthInterval;
        }

        public void setQueueDepthInterval(Duration queueDepthInterval) {
            this.queueDepthInterval = queueDepthInterval;
        }
    }

    /** {@code procrastinate.worker.*}: every worker option, with upstream's defaults. */
    public static class Worker {

        /** Core's defaults, read once: the properties start from them instead of repeating them. */
        private static final WorkerOptions DEFAULTS = WorkerOptions.defaults();

        /** Run a worker inside this application, started and stopped with the context. */
        private boolean enabled;
        /** Queues to take jobs from; empty means every queue. */
        private List<String> queues = new ArrayList<>(DEFAULTS.queues());
        private String name = DEFAULTS.name();
        /** How many jobs run at once. */
        private int concurrency = DEFAULTS.concurrency();
        /** False makes a one-shot worker that stops when no job is left. */
        private boolean waitForJobs = DEFAULTS.waitForJobs();
        private Duration fetchJobPollingInterval = DEFAULTS.fetchJobPollingInterval();
        private Duration abortJobPollingInterval = DEFAULTS.abortJobPollingInterval();
        /** How long a stop waits for running jobs before aborting them; unset waits for them forever. */
        private Duration shutdownGracefulTimeout = DEFAULTS.shutdownGracefulTimeout().orElse(null);
        private boolean listenNotify = DEFAULTS.listenNotify();
        /** never, successful or always. */
        private DeleteJobs deleteJobs = DEFAULTS.deleteJobs();
        private Map<String, String> additionalContext = new LinkedHashMap<>();
        /** Off by default in Spring: the application's own shutdown stops the worker. */
        private boolean installSignalHandlers;
        private Duration updateHeartbeatInterval = DEFAULTS.updateHeartbeatInterval();
        private Duration stalledWorkerTimeout = DEFAULTS.stalledWorkerTimeout();
        /** Run again the jobs of workers that stopped sending heartbeats (died, froze, cut off). */
        private boolean reapStalledJobs = DEFAULTS.reapStalledJobs();
        /** How many times one job is run again after its worker died; past it, the job fails. 0: never twice. */
        private int maxRecoveries = DEFAULTS.maxRecoveries();
        /** How long a run of a task without its own timeout may last; unset: no limit. */
        private Duration defaultTimeout = DEFAULTS.defaultTimeout().orElse(null);
        /** How long a timed-out run that ignores its interrupt keeps its slot before the worker frees it. */
        private Duration timeoutGrace = DEFAULTS.timeoutGrace();

        /** The options these properties describe; a ConfigurationException names the property that is wrong. */
        public WorkerOptions.Builder toOptions() {
            try {
                WorkerOptions.Builder builder = WorkerOptions.builder().queues(queues).name(name)
                        .concurrency(concurrency).waitForJobs(waitForJobs)
                        .fetchJobPollingInterval(fetchJobPollingInterval)
                        .abortJobPollingInterval(abortJobPollingInterval)
                        .shutdownGracefulTimeout(shutdownGracefulTimeout).listenNotify(listenNotify)
                        .deleteJobs(deleteJobs).additionalContext(Map.copyOf(additionalContext))
                        .installSignalHandlers(installSignalHandlers)
                        .updateHeartbeatInterval(updateHeartbeatInterval).stalledWorkerTimeout(stalledWorkerTimeout)
                        .reapStalledJobs(reapStalledJobs).maxRecoveries(maxRecoveries)
                        .defaultTimeout(defaultTimeout).timeoutGrace(timeoutGrace);
                builder.build();
                return builder;
            } catch (ConfigurationException e) {
                throw e.option().map(option -> named("procrastinate.worker." + kebab(option), e)).orElse(e);
            }
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getQueues() {
            return queues;
        }

        public void setQueues(List<String> queues) {
            this.queues = queues;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public boolean isWaitForJobs() {
            return waitForJobs;
        }

        public void setWaitForJobs(boolean waitForJobs) {
            this.waitForJobs = waitForJobs;
        }

        public Duration getFetchJobPollingInterval() {
            return fetchJobPollingInterval;
        }

        public void setFetchJobPollingInterval(Duration fetchJobPollingInterval) {
            this.fetchJobPollingInterval = fetchJobPollingInterval;
        }

        public Duration getAbortJobPollingInterval() {
            return abortJobPollingInterval;
        }

        public void setAbortJobPollingInterval(Duration abortJobPollingInterval) {
            this.abortJobPollingInterval = abortJobPollingInterval;
        }

        public Duration getShutdownGracefulTimeout() {
            return shutdownGracefulTimeout;
        }

        public void setShutdownGracefulTimeout(Duration shutdownGracefulTimeout) {
            this.shutdownGracefulTimeout = shutdownGracefulTimeout;
        }

        public boolean isListenNotify() {
            return listenNotify;
        }

        public void setListenNotify(boolean listenNotify) {
            this.listenNotify = listenNotify;
        }

        public DeleteJobs getDeleteJobs() {
            return deleteJobs;
        }

        public void setDeleteJobs(DeleteJobs deleteJobs) {
            this.deleteJobs = deleteJobs;
        }

        public Map<String, String> getAdditionalContext() {
            return additionalContext;
        }

        public void setAdditionalContext(Map<String, String> additionalContext) {
            this.additionalContext = additionalContext;
        }

        public boolean isInstallSignalHandlers() {
            return installSignalHandlers;
        }

        public void setInstallSignalHandlers(boolean installSignalHandlers) {
            this.installSignalHandlers = installSignalHandlers;
        }

        public Duration getUpdateHeartbeatInterval() {
            return updateHeartbeatInterval;
        }

        public void setUpdateHeartbeatInterval(Duration updateHeartbeatInterval) {
            this.updateHeartbeatInterval = updateHeartbeatInterval;
        }

        public Duration getStalledWorkerTimeout() {
            return stalledWorkerTimeout;
        }

        public void setStalledWorkerTimeout(Duration stalledWorkerTimeout) {
            this.stalledWorkerTimeout = stalledWorkerTimeout;
        }

        public boolean isReapStalledJobs() {
            return reapStalledJobs;
        }

        public void setReapStalledJobs(boolean reapStalledJobs) {
            this.reapStalledJobs = reapStalledJobs;
        }

        public int getMaxRecoveries() {
            return maxRecoveries;
        }

        public void setMaxRecoveries(int maxRecoveries) {
            this.maxRecoveries = maxRecoveries;
        }

        public Duration getDefaultTimeout() {
            return defaultTimeout;
        }

        public void setDefaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }

        public Duration getTimeoutGrace() {
            return timeoutGrace;
        }

        public void setTimeoutGrace(Duration timeoutGrace) {
            this.timeoutGrace = timeoutGrace;
        }
    }
}
