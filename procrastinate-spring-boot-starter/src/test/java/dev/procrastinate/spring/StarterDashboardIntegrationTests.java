package dev.procrastinate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.TestDatabase;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The dashboard mounted in a Spring Boot web application on Tomcat, behind the application's Spring Security rules
 * (the example the README gives): only users with role OPS reach it; its forms carry both CSRF tokens.
 */
class StarterDashboardIntegrationTests {

    private static final Pattern HIDDEN = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"");

    /** The application: every auto-configuration on the class path, and the security rules of the README. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            .requestMatchers("/procrastinate", "/procrastinate/**", "/ops/queue/**").hasRole("OPS")
                            .anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ops").password("{noop}ops-secret").roles("OPS").build(),
                    User.withUsername("dev").password("{noop}dev-secret").roles("DEV").build());
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        TestDatabase database = TestDatabase.create();
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.user(),
                "spring.datasource.password=" + (database.password() == null ? "" : database.password()),
                "spring.flyway.locations=classpath:db/app-migrations",
                "procrastinate.connector=jdbc"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(WebApplication.class).properties(all.toArray(String[]::new)).run();
    }

    /** A browser-like client: keeps cookies (the session that holds Spring's CSRF token), sends Basic credentials. */
    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;
        private final String authorization;

        Client(ConfigurableApplicationContext context, String user, String password) {
            this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
            this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        /** Submits the first POST form of the page at {@code pagePath}, hidden fields included, as a browser does. */
        HttpResponse<String> submitForm(String pagePath, String action) throws IOException, InterruptedException {
            String page = get(pagePath).body();
            int start = page.indexOf("action=\"" + action + "\"");
            assertThat(start).as("form posting to %s in:\n%s", action, page).isPositive();
            String form = page.substring(start, page.indexOf("</form>", start));
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher matcher = HIDDEN.matcher(form);
            while (matcher.find()) {
                fields.put(matcher.group(1), matcher.group(2).replace("&amp;", "&"));
            }
            String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void dashboardIsServedUnderProcrastinateForUsersTheApplicationsRulesAllow() throws Exception {
        try (ConfigurableApplicationContext context = start("procrastinate.dashboard.enabled=true")) {
            App app = context.getBean(App.class);
            long id = app.configureTask("send<b>").defer(Map.of("to", "a@b.c"));
            Client ops = new Client(context, "ops", "ops-secret");

            HttpResponse<String> overview = ops.get("/procrastinate/");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .startsWith("default-src 'self'");
            assertThat(overview.body()).contains("href=\"/procrastinate/jobs\"",
                    "src=\"/procrastinate/static/dashboard.js\"", "read-only");
            assertThat(ops.get("/procrastinate/jobs").body()).contains("href=\"/procrastinate/jobs/" + id + "\"",
                    "send&lt;b&gt;");
            assertThat(ops.get("/procrastinate/static/dashboard.css").statusCode()).isEqualTo(200);
            assertThat(ops.get("/procrastinate").headers().firstValue("Location").orElseThrow())
                    .endsWith("/procrastinate/");

            assertThat(new Client(context, null, null).get("/procrastinate/jobs").statusCode()).isEqualTo(401);
            assertThat(new Client(context, "dev", "dev-secret").get("/procrastinate/jobs").statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void actionsUnderSpringSecurityCarryBothCsrfTokensAndWorkAtACustomPath() throws Exception {
        try (ConfigurableApplicationContext context = start("procrastinate.dashboard.enabled=true",
                "procrastinate.dashboard.path=/ops/queue", "procrastinate.dashboard.actions-enabled=true")) {
            App app = context.getBean(App.class);
            long id = app.jobManager().defer(new JobToDefer("default", "t", 0, null, null, "{}", null));
            Client ops = new Client(context, "ops", "ops-secret");

            String page = ops.get("/ops/queue/jobs/" + id).body();
            assertThat(page).contains("name=\"_csrf\"", "name=\"csrf\"", "action=\"/ops/queue/jobs/" + id + "/cancel\"");
            HttpResponse<String> cancel = ops.submitForm("/ops/queue/jobs/" + id, "/ops/queue/jobs/" + id + "/cancel");

            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(303);
            assertThat(cancel.headers().firstValue("Location").orElseThrow()).startsWith("/ops/queue/jobs/" + id);
            assertThat(app.jobManager().getJob(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(ops.get("/procrastinate/").statusCode()).as("nothing at the default path").isEqualTo(404);
        }
    }

    @Test
    void withoutTheEnabledPropertyNothingIsMounted() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.containsBean("procrastinateDashboard")).isFalse();
            assertThat(new Client(context, "ops", "ops-secret").get("/procrastinate/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPathThatIsNotBelowTheRootFailsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> start("procrastinate.dashboard.enabled=true", "procrastinate.dashboard.path=ops/*"))
                .hasStackTraceContaining("procrastinate.dashboard.path must be a path below the root");
    }
}
