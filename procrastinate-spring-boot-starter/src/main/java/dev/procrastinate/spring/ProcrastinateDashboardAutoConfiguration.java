package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.core.App;
import dev.procrastinate.dashboard.Dashboard;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dashboard as a servlet under {@code procrastinate.dashboard.path} of a servlet web application, when
 * {@code procrastinate.dashboard.enabled=true}. The application's security rules protect that path like any other.
 */
@AutoConfiguration(after = ProcrastinateAutoConfiguration.class)
@ConditionalOnBooleanProperty("procrastinate.dashboard.enabled")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ProcrastinateDashboardProperties.class)
public class ProcrastinateDashboardAutoConfiguration {

    /** The mount, when the dashboard module is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.procrastinate.dashboard.Dashboard", "jakarta.servlet.http.HttpServlet"})
    static class Mount {

        @Bean
        @ConditionalOnBean(App.class)
        @ConditionalOnMissingBean(name = "procrastinateDashboard")
        ServletRegistrationBean<DashboardServlet> procrastinateDashboard(App app,
                ProcrastinateDashboardProperties properties) {
            String path = properties.mountPath();
            Dashboard dashboard = Dashboard.builder(app).actionsEnabled(properties.isActionsEnabled())
                    .stalledAfter(properties.getStalledAfter()).build();
            ServletRegistrationBean<DashboardServlet> registration =
                    new ServletRegistrationBean<>(new DashboardServlet(dashboard), path, path + "/*");
            registration.setName("procrastinateDashboard");
            return registration;
        }
    }

    /** A clear start-up error instead of a silent 404 when the module is missing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.procrastinate.dashboard.Dashboard")
    static class MissingModule {

        @Bean
        Object procrastinateDashboard() {
            throw new ConfigurationException("procrastinate.dashboard.enabled=true needs the "
                    + "dev.procrastinate:procrastinate-dashboard dependency on the class path");
        }
    }
}
