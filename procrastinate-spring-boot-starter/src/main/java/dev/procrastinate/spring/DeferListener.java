package dev.procrastinate.spring;

import dev.procrastinate.api.JobToDefer;
import java.util.List;

/**
 * A bean told of deferred jobs once workers can see them: at once outside a transaction, after the commit inside one
 * (never, when it rolls back). The starter's metrics are one; auditing is another use. Called on the deferring
 * thread; keep it quick.
 */
@FunctionalInterface
public interface DeferListener {

    void deferred(List<JobToDefer> jobs);
}
