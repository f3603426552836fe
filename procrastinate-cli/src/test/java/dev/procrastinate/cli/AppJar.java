package dev.procrastinate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a user's app jar as a user would: javac against the command's jar, then jar. */
final class AppJar {

    private AppJar() {
    }

    /** Compiles the Java source files (name to text) against {@code classPath}; fails with javac's output. */
    static Path compile(Path dir, String classPath, java.util.Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new java.util.ArrayList<>(List.of("-cp", classPath, "-d", classes.toString(),
                "-Xlint:all,-path", "-Werror", "-proc:none"));
        for (var source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter output = new StringWriter();
        int status = javac.run(null, new java.io.PrintStream(OutputStream.nullOutputStream()),
                new java.io.PrintStream(new WriterStream(output)), args.toArray(String[]::new));
        if (status != 0) {
            throw new AssertionError("javac failed:\n" + output);
        }
        return classes;
    }

    /** The classes of {@code classes} in a jar. */
    static Path jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Characters written to a StringWriter (javac's diagnostics). */
    private static final class WriterStream extends OutputStream {
        private final StringWriter writer;

        WriterStream(StringWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }
    }
}
