package dev.procrastinate.cli;

import java.util.Locale;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The default of a command's option from the environment, by one rule: {@code --fetch-job-polling-interval} of the
 * worker is read from {@code PROCRASTINATE_WORKER_FETCH_JOB_POLLING_INTERVAL}. Unset: the option's own default.
 */
abstract class EnvironmentDefaults implements IDefaultValueProvider {

    private final String prefix;

    EnvironmentDefaults(String prefix) {
        this.prefix = prefix;
    }

    /** The environment variable of {@code option} (its longest name, e.g. {@code --delete-jobs}). */
    String variable(String option) {
        return prefix + option.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? System.getenv(variable(option.longestName())) : null;
    }

    /** {@code PROCRASTINATE_WORKER_<OPTION>}. */
    static final class Worker extends EnvironmentDefaults {
        Worker() {
            super("PROCRASTINATE_WORKER_");
        }
    }

    /** {@code PROCRASTINATE_DASHBOARD_<OPTION>}. */
    static final class Dashboard extends EnvironmentDefaults {
        Dashboard() {
            super("PROCRASTINATE_DASHBOARD_");
        }
    }
}
