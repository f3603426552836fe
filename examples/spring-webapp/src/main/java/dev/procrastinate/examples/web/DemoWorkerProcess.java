package dev.procrastinate.examples.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In the one-command demo ({@code demo.spawn-worker=true}), starts the worker as a second process once the web app is
 * ready: the same jar (or class path) with {@code --spring.profiles.active=worker}, on the same database. Stopping
 * the web app sends the worker SIGTERM, which it answers with a graceful stop.
 */
@Component
@ConditionalOnBooleanProperty("demo.spawn-worker")
class DemoWorkerProcess implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkerProcess.class);

    private final Environment environment;
    private Process worker;

    DemoWorkerProcess(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws IOException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaBinary));
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")
                && Files.isRegularFile(Path.of(classPath))) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, WebApp.class.getName()));
        }
        command.add("--spring.profiles.active=worker");
        command.add("--spring.datasource.url=" + environment.getProperty("spring.datasource.url"));
        command.add("--spring.datasource.username=" + environment.getProperty("spring.datasource.username"));
        worker = new ProcessBuilder(command).inheritIO().start();
        LOG.info("demo: started the worker process (pid {}): {}", worker.pid(), String.join(" ", command.subList(1,
                command.size())));
    }

    @Override
    public void destroy() throws InterruptedException {
        if (worker != null && worker.isAlive()) {
            worker.destroy();
            worker.waitFor();
        }
    }
}
