package dev.procrastinate.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a subprocess, as an operator would, with output captured in files. */
final class Cli {

    static final Path JAR = Path.of("target", "procrastinate-cli.jar");

    private Cli() {
    }

    record Result(int exit, String out, String err) {
    }

    /** A running command whose output can be read while it runs. */
    record Running(Process process, Path out, Path err) {
        String outSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        Result finish(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command did not end in " + seconds + " s; output: " + outSoFar());
            }
            return new Result(process.exitValue(), outSoFar(), Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    static Running start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short-lived command: start fast
                "-cp", JAR + File.pathSeparator + Path.of("target", "test-classes"), Main.class.getName()));
        command.addAll(List.of(args));
        return start(command, env);
    }

    /** bin/procrastinate of the checkout, run by bash with this JVM's java first on the PATH. */
    static Result runScript(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Running running = start(command, env);
        running.process().getOutputStream().close();
        return running.finish(60);
    }

    static final Path SCRIPT = Path.of("..", "bin", "procrastinate").toAbsolutePath().normalize();

    static String pathWithThisJava() {
        return Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH");
    }

    static Running start(List<String> command, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("procrastinate-cli", ".out");
        Path err = Files.createTempFile("procrastinate-cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().remove("PROCRASTINATE_APP");
        builder.environment().remove("PROCRASTINATE_DATABASE_URL");
        builder.environment().remove("PROCRASTINATE_CLASSPATH");
        builder.environment().remove("PROCRASTINATE_JAVA_OPTS");
        builder.environment().remove("PROCRASTINATE_LOG_FORMAT");
        builder.environment().remove("PROCRASTINATE_STACK_TRACES");
        builder.environment().put("PATH", pathWithThisJava());
        builder.environment().putAll(env);
        return new Running(builder.start(), out, err);
    }

    static Result run(Map<String, String> env, String... args) throws Exception {
        Running running = start(env, args);
        running.process().getOutputStream().close();
        return running.finish(60);
    }

    static Result runWithInput(Map<String, String> env, String input, String... args) throws Exception {
        Running running = start(env, args);
        running.process().getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        running.process().getOutputStream().close();
        return running.finish(60);
    }
}
