package dev.procrastinate.core.worker;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM handlers for a running worker, through {@code sun.misc.Signal} (module jdk.unsupported)
 * looked up reflectively so that a JVM without it still runs workers, only without signal handling. A handler
 * replaces the JVM's default (exit), so the worker decides: first signal graceful, second abort.
 */
final class SignalHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Object[]> previous;

    private SignalHandlers(List<Object[]> previous) {
        this.previous = previous;
    }

    static SignalHandlers install(Runnable onSignal) {
        List<Object[]> previous = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            InvocationHandler invocation = (proxy, method, args) -> {
                if ("handle".equals(method.getName())) {
                    LOG.info("received signal {}", args[0]);
                    onSignal.run();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "procrastinate worker signal handler";
                };
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    invocation);
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("signal handlers not installed: {}", e.toString());
        }
        return new SignalHandlers(previous);
    }

    void restore() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (Object[] entry : previous) {
                handle.invoke(null, entry[0], entry[1]);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("signal handlers not restored: {}", e.toString());
        }
    }
}
