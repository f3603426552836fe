package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Quick start" and "Command line" sections, compiled and run as printed. */
@ExtendWith(PostgresExtension.class)
class ReadmeIntegrationTests {

    static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    static final String README_URL = "postgresql://app:secret@localhost:5432/app";

    /** The text of the README section with this heading, up to the next "## " heading. */
    static String section(String heading) throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## " + heading + "\n");
        assertThat(start).as("README section %s", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The fenced blocks of this language in the text, in order. */
    static List<String> blocks(String text, String language) {
        Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    @Test
    void quickStartCompilesAsPrinted(@TempDir Path dir) throws Exception {
        String block = blocks(section("Quick start"), "java").get(0);
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        block.lines().forEach(line -> (line.startsWith("import ") ? imports : body).append(line).append('\n'));
        // The only name the snippet takes from around it is the application's own mailer.
        String source = imports + "\nclass QuickStart {\n    interface Mailer {\n        void send(String to, String "
                + "text);\n    }\n\n    @SuppressWarnings(\"unused\")\n    static void run(Mailer mailer) {\n"
                + body + "    }\n}\n";

        AppJar.compile(dir, System.getProperty("java.class.path"), Map.of("QuickStart.java", source));

        assertThat(dir.resolve("classes/QuickStart.class")).exists();
    }

    @Test
    void commandLineSectionRunsAsPrinted(TestDatabase database, @TempDir Path dir) throws Exception {
        String text = section("Command line");
        String javaSource = blocks(text, "java").get(0);
        String script = blocks(text, "sh").get(0);
        assertThat(script).contains("export PROCRASTINATE_DATABASE_URL=" + README_URL + " ");
        Path checkout = README.getParent();
        Files.createSymbolicLink(dir.resolve("bin"), checkout.resolve("bin"));
        Files.createSymbolicLink(dir.resolve("procrastinate-cli"), checkout.resolve("procrastinate-cli"));
        Files.writeString(dir.resolve("MyApp.java"), javaSource);
        Files.writeString(dir.resolve("readme.sh"), "set -euo pipefail -x\n"
                + script.replace(README_URL, database.postgresUrl()));

        List<String> command = List.of("bash", dir.resolve("readme.sh").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PROCRASTINATE_"));
        builder.environment().put("PATH", Cli.pathWithThisJava());
        Process process = builder.start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS);
        String out = Files.readString(dir.resolve("out"));
        String err = Files.readString(dir.resolve("err"));
        assertThat(ended).as("the block ended; stderr:%n%s", err).isTrue();

        assertThat(process.exitValue()).as("stdout:%n%s%nstderr (each command after +):%n%s", out, err).isZero();
        assertThat(out).contains("Usage: procrastinate", "Schema applied.", "Database connection: OK", "hello Ada",
                "#1 hello on default - [succeeded]", "    arguments: {\"name\": \"Ada\"}",
                "procrastinate> #1 hello on default - [succeeded]");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'hello' "
                + "AND status = 'succeeded'")).isEqualTo(1);
    }
}
