package dev.procrastinate.examples.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shop: {@code java -jar spring-webapp.jar} serves the web API; {@code --spring.profiles.active=worker} runs the
 * same application as a worker process. With no {@code spring.datasource.url}, it starts an embedded PostgreSQL and
 * a worker process of its own, so the whole scenario runs with one command.
 */
@SpringBootApplication
public class WebApp {

    public static void main(String[] args) {
        DemoDatabase demo = DemoDatabase.startIfNoDatabaseGiven(args);
        SpringApplication application = new SpringApplication(WebApp.class);
        if (demo == null) {
            application.run(args);
            return;
        }
        application.setRegisterShutdownHook(false);
        demo.stopAfter(application.run(demo.arguments()));
    }
}
