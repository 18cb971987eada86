package dev.loginetl.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the repository's Markdown the way a reader meets it and reports what is broken, as
 * sentences: a module of the parent pom missing from the README's module map, or there twice; a
 * relative link to a file that does not exist; a {@code #anchor} that names no heading of its file.
 *
 * <p>The module map is the first table after the README's {@code ## Modules} heading, up to its
 * first line that is not a table row (a blank line ends it, as it ends a table on GitHub). A module
 * is a row whose first cell is the module's name in backticks. Anchors are GitHub's heading ids:
 * the heading's text, lower-cased, punctuation other than {@code -} and {@code _} dropped, spaces
 * made hyphens, {@code -1}, {@code -2} added to repeats. Lines inside fenced code blocks are neither
 * headings nor links. Stateless.
 */
final class DocsCheck {
  private static final Pattern MAP_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");
  private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  private DocsCheck() {}

  /** The {@code <module>}s of a pom, in order. */
  static List<String> modules(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom.toFile());
      Element project = document.getDocumentElement();
      List<String> modules = new ArrayList<>();
      NodeList sections = project.getElementsByTagName("modules");
      for (int i = 0; i < sections.getLength(); i++) {
        Element section = (Element) sections.item(i);
        if (section.getParentNode() != project) {
          continue; // a profile's modules are not the build's
        }
        NodeList entries = section.getElementsByTagName("module");
        for (int j = 0; j < entries.getLength(); j++) {
          modules.add(entries.item(j).getTextContent().trim());
        }
      }
      return modules;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the modules of " + pom, e);
    }
  }

  /** The module names of the map under {@code ## Modules}, as often as they appear there. */
  static List<String> moduleMap(String readme) {
    List<String> lines = proseLines(readme);
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = HEADING.matcher(lines.get(i));
      if (m.matches() && m.group(1).length() == 2 && m.group(2).equals("Modules")) {
        heading = i;
        break;
      }
    }
    List<String> names = new ArrayList<>();
    if (heading < 0) {
      return names;
    }
    int i = heading + 1;
    while (i < lines.size() && !lines.get(i).startsWith("|")) {
      if (HEADING.matcher(lines.get(i)).matches()) {
        return names; // the section has no table
      }
      i++;
    }
    for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher row = MAP_ROW.matcher(lines.get(i));
      if (row.find()) {
        names.add(row.group(1).trim());
      }
    }
    return names;
  }

  /** What is wrong with the map against the pom's modules; empty when each is there once and nothing else. */
  static List<String> moduleMapProblems(List<String> modules, List<String> map) {
    List<String> problems = new ArrayList<>();
    if (map.isEmpty()) {
      problems.add("README.md has no module map: a table right under '## Modules'");
      return problems;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    map.forEach(name -> counts.merge(name, 1, Integer::sum));
    for (String module : modules) {
      int count = counts.getOrDefault(module, 0);
      if (count == 0) {
        problems.add("module " + module + " of pom.xml is missing from README.md's module map");
      } else if (count > 1) {
        problems.add("module " + module + " appears " + count + " times in README.md's module map");
      }
    }
    Set<String> known = Set.copyOf(modules);
    counts.keySet().stream()
        .filter(name -> !known.contains(name))
        .forEach(name -> problems.add("README.md's module map names " + name + ", which is not a module of pom.xml"));
    return problems;
  }

  /** The Markdown files a reader of the repository meets: every *.md outside build output and hidden folders. */
  static List<Path> markdownFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".md"))
          .filter(p -> {
            for (Path part : root.relativize(p)) {
              String name = part.toString();
              if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every relative link of {@code file} that points at no file, or at no heading of its file. */
  static List<String> linkProblems(Path root, Path file) {
    List<String> problems = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> lines = proseLines(read(file));
    for (int n = 0; n < lines.size(); n++) {
      String line = INLINE_CODE.matcher(lines.get(n)).replaceAll("");
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
          continue;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
        String where = root.relativize(file) + ":" + (n + 1) + ": link " + target;
        if (!Files.exists(resolved)) {
          problems.add(where + " points at " + root.relativize(resolved) + ", which does not exist");
          continue;
        }
        if (anchor != null && resolved.toString().endsWith(".md")) {
          Set<String> ids = anchors.computeIfAbsent(resolved, p -> headingIds(read(p)));
          if (!ids.contains(anchor)) {
            problems.add(where + " names no heading of " + root.relativize(resolved));
          }
        }
      }
    }
    return problems;
  }

  /** The ids GitHub gives the headings of {@code markdown}. */
  static Set<String> headingIds(String markdown) {
    Set<String> ids = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(markdown)) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug = slug(m.group(2));
      int repeat = seen.merge(slug, 1, Integer::sum) - 1;
      ids.add(repeat == 0 ? slug : slug + "-" + repeat);
    }
    return ids;
  }

  /** GitHub's id for a heading's text. */
  static String slug(String heading) {
    String text = heading
        .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link keeps its text
        .replaceAll("<[^>]+>", "") // inline HTML
        .toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c == ' ') {
        slug.append('-');
      } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)
          || Character.getType(c) == Character.NON_SPACING_MARK) {
        slug.appendCodePoint(c);
      }
    });
    return slug.toString();
  }

  /** The lines of {@code markdown}, each line of a fenced code block replaced by an empty one. */
  static List<String> proseLines(String markdown) {
    List<String> lines = new ArrayList<>();
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      String trimmed = line.stripLeading();
      if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
        fence = trimmed.substring(0, 3);
        lines.add("");
      } else if (fence != null) {
        if (trimmed.startsWith(fence)) {
          fence = null;
        }
        lines.add("");
      } else {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The text between {@code <!-- NAME: begin -->} and {@code <!-- NAME: end -->}'s fenced code, trimmed; null without it. */
  static String markedCode(String markdown, String name) {
    int begin = markdown.indexOf("<!-- " + name + ": begin -->");
    int end = markdown.indexOf("<!-- " + name + ": end -->");
    if (begin < 0 || end < begin) {
      return null;
    }
    String block = markdown.substring(begin, end);
    int open = block.indexOf("```");
    int close = open < 0 ? -1 : block.indexOf("```", block.indexOf('\n', open) + 1);
    return open < 0 || close < 0 ? null : block.substring(block.indexOf('\n', open) + 1, close).trim();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
