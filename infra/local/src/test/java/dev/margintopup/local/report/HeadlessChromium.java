package dev.margintopup.local.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A report as people see it: headless Chromium lays the page out at a window width, measures every label of every
 * chart, and takes a screenshot. The labels are measured by a script added to a copy of the page, which writes what
 * it found into the DOM that Chromium prints.
 */
public final class HeadlessChromium {

    /** Desktop and laptop widths, in CSS pixels. */
    public static final List<Integer> WIDTHS = List.of(1440, 1024);

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");

    /** Two labels of one chart overlap, or one sticks out of its chart, or the page scrolls sideways. */
    public record Layout(int width, int pageHeight, int labels, List<String> problems) {}

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The Chromium of $CHROMIUM, else of the usual places; empty when there is none. */
    public static Optional<HeadlessChromium> find() {
        String configured = System.getenv("CHROMIUM");
        return Stream.concat(Stream.ofNullable(configured), CANDIDATES.stream()).map(Path::of)
                .filter(Files::isExecutable).findFirst().map(HeadlessChromium::new);
    }

    /** Lays {@code html} out {@code width} pixels wide and measures its chart labels. */
    public Layout layout(Path html, int width) {
        try {
            Path checked = Files.createTempFile(html.getParent(), "layout-", ".html");
            try {
                String page = Files.readString(html, StandardCharsets.UTF_8);
                Files.writeString(checked, page.replace("</body>", "<script>" + CHECK + "</script>\n</body>"),
                        StandardCharsets.UTF_8);
                String dom = run(List.of("--dump-dom", "--window-size=" + width + ",900", checked.toUri().toString()));
                Matcher m = Pattern.compile("<pre id=\"layout-check\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
                if (!m.find()) {
                    throw new IllegalStateException("Chromium printed no layout check for " + html + ":\n"
                            + dom.substring(0, Math.min(dom.length(), 2_000)));
                }
                String[] lines = unescape(m.group(1)).split("\n");
                int height = Integer.parseInt(lines[0].replace("height ", "").trim());
                int labels = Integer.parseInt(lines[1].replace("labels ", "").trim());
                List<String> problems = new ArrayList<>();
                for (int i = 2; i < lines.length; i++) {
                    if (!lines[i].isBlank()) {
                        problems.add(lines[i]);
                    }
                }
                return new Layout(width, height, labels, problems);
            } finally {
                Files.deleteIfExists(checked);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot of the whole page, {@code width} pixels wide and {@code height} tall, written to {@code png}. */
    public Path screenshot(Path html, int width, int height, Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars",
                "--window-size=" + width + "," + Math.min(height, 16_000), html.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium wrote no screenshot of " + html + " to " + png);
        }
        return png;
    }

    private String run(List<String> arguments) {
        Path profile = null;
        try {
            profile = Files.createTempDirectory("chromium-profile-");
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--virtual-time-budget=3000",
                    "--user-data-dir=" + profile));
            command.addAll(arguments);
            Path output = Files.createTempFile(profile, "out-", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish within 90 s: " + arguments);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Chromium ran", e);
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A profile left in the temporary directory harms nothing.
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /**
     * Measures every visible label of every chart, and the off-scale marker: two that overlap by more than a pixel each way, or one that
     * sticks out of its chart, is a problem; so is a page wider than the window. Writes the page height, the label
     * count and one line per problem.
     */
    private static final String CHECK = """
            window.addEventListener('load', function () {
              var problems = [], labels = 0;
              document.querySelectorAll('svg.chart').forEach(function (svg) {
                var name = svg.getAttribute('aria-label'), frame = svg.getBoundingClientRect();
                var boxes = [].slice.call(svg.querySelectorAll('text, .off-scale')).filter(function (t) {
                  return t.textContent.trim() !== '' && t.getClientRects().length > 0;
                }).map(function (t) {
                  var r = t.getBoundingClientRect();
                  return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom};
                });
                labels += boxes.length;
                boxes.forEach(function (a, i) {
                  if (a.l < frame.left - 1 || a.r > frame.right + 1 || a.t < frame.top - 1 || a.b > frame.bottom + 1) {
                    problems.push(name + ': "' + a.text + '" sticks out of the chart');
                  }
                  for (var j = i + 1; j < boxes.length; j++) {
                    var b = boxes[j];
                    var across = Math.min(a.r, b.r) - Math.max(a.l, b.l), down = Math.min(a.b, b.b) - Math.max(a.t, b.t);
                    if (across > 1 && down > 1) {
                      problems.push(name + ': "' + a.text + '" overlaps "' + b.text + '"');
                    }
                  }
                });
              });
              var root = document.documentElement;
              if (root.scrollWidth > window.innerWidth + 1) {
                problems.push('the page is ' + root.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
              }
              var pre = document.createElement('pre');
              pre.id = 'layout-check';
              pre.textContent = 'height ' + root.scrollHeight + '\\nlabels ' + labels + '\\n' + problems.join('\\n');
              document.body.appendChild(pre);
            });
            """;
}
