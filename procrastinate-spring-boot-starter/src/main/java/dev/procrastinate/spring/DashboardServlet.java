package dev.procrastinate.spring;

import dev.procrastinate.dashboard.Dashboard;
import dev.procrastinate.dashboard.DashboardRequest;
import dev.procrastinate.dashboard.DashboardResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard in a servlet container, below the path it is mapped to. Spring Security's CSRF token, when the
 * application has one, goes into every form the dashboard renders, beside the dashboard's own.
 */
final class DashboardServlet extends HttpServlet {

    private static final String SPRING_CSRF = "org.springframework.security.web.csrf.CsrfToken";

    private final transient Dashboard dashboard;

    DashboardServlet(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = request.getContextPath() + request.getServletPath();
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(base + "/");
            return;
        }
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values.length == 0 ? "" : values[0]));
        DashboardResponse answer = dashboard.handle(new DashboardRequest(method, path, base, parameters,
                method.equals("POST") ? parameters : Map.of(), hostCsrfField(request)));
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        if (!request.getMethod().equals("HEAD")) {
            response.getOutputStream().write(answer.body());
        }
    }

    /**
     * Spring Security's CSRF token as a form field, read through its public interface so that the starter does not
     * need Spring Security; empty when the application has none.
     */
    private static Map<String, String> hostCsrfField(HttpServletRequest request) {
        Object token = request.getAttribute(SPRING_CSRF);
        if (token == null) {
            return Map.of();
        }
        try {
            Class<?> type = Class.forName(SPRING_CSRF, false, token.getClass().getClassLoader());
            Method parameterName = type.getMethod("getParameterName");
            Method value = type.getMethod("getToken");
            return Map.of((String) parameterName.invoke(token), (String) value.invoke(token));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Spring Security's CSRF token for the dashboard's forms", e);
        }
    }
}
