package io.gpunit.core.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps tensor names from one naming to another (checkpoint keys to graph variable names on load,
 * variable names to checkpoint keys on export) by rules applied in the order they were added, each
 * to the result of the previous one. A rule may drop a name: {@link Builder#ignore} always,
 * {@link Builder#stripPrefix} when the name lies outside the prefix (so one file holding several
 * networks, {@code content_encoder.*}, {@code g_ema.*}, {@code sampler.*}, loads one of them).
 * Immutable.
 */
public final class KeyMapping {

  private interface Rule {
    /** The new name, or empty to drop the name. */
    Optional<String> apply(String name);
  }

  private record StripPrefix(String prefix) implements Rule {
    @Override
    public Optional<String> apply(String name) {
      return name.startsWith(prefix)
          ? Optional.of(name.substring(prefix.length()))
          : Optional.empty();
    }

    @Override
    public String toString() {
      return "stripPrefix(" + prefix + ")";
    }
  }

  private record AddPrefix(String prefix) implements Rule {
    @Override
    public Optional<String> apply(String name) {
      return Optional.of(prefix + name);
    }

    @Override
    public String toString() {
      return "addPrefix(" + prefix + ")";
    }
  }

  private record Rename(String from, String to) implements Rule {
    @Override
    public Optional<String> apply(String name) {
      return Optional.of(name.equals(from) ? to : name);
    }

    @Override
    public String toString() {
      return "rename(" + from + " -> " + to + ")";
    }
  }

  private record RenameRegex(Pattern pattern, String replacement) implements Rule {
    @Override
    public Optional<String> apply(String name) {
      return Optional.of(pattern.matcher(name).replaceAll(replacement));
    }

    @Override
    public String toString() {
      return "renameRegex(" + pattern + " -> " + replacement + ")";
    }
  }

  private record Ignore(Pattern pattern, String description) implements Rule {
    @Override
    public Optional<String> apply(String name) {
      return pattern.matcher(name).matches() ? Optional.empty() : Optional.of(name);
    }

    @Override
    public String toString() {
      return "ignore(" + description + ")";
    }
  }

  private static final KeyMapping IDENTITY = new KeyMapping(List.of());

  private final List<Rule> rules;

  private KeyMapping(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The mapping that keeps every name as it is. */
  public static KeyMapping identity() {
    return IDENTITY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code name} after every rule, or empty if a rule dropped it. */
  public Optional<String> apply(String name) {
    Optional<String> current = Optional.of(name);
    for (Rule rule : rules) {
      current = current.flatMap(rule::apply);
    }
    return current;
  }

  @Override
  public String toString() {
    return rules.isEmpty()
        ? "KeyMapping[identity]"
        : rules.stream().map(Object::toString).collect(Collectors.joining(", ", "KeyMapping[", "]"));
  }

  /** Collects rules in application order. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /** Keeps only names starting with {@code prefix} (e.g. {@code "g_ema."}) and removes it. */
    public Builder stripPrefix(String prefix) {
      return add(new StripPrefix(nonEmpty(prefix, "prefix")));
    }

    /** Prepends {@code prefix} (e.g. {@code "generator."}). */
    public Builder addPrefix(String prefix) {
      return add(new AddPrefix(nonEmpty(prefix, "prefix")));
    }

    /** Renames exactly {@code from} to {@code to}. */
    public Builder rename(String from, String to) {
      return add(new Rename(nonEmpty(from, "from"), nonEmpty(to, "to")));
    }

    /**
     * Replaces every match of {@code regex} with {@code replacement} ({@link Matcher#replaceAll}
     * syntax, {@code $1} for groups), e.g. {@code renameRegex("\\.gamma$", ".weight")}.
     */
    public Builder renameRegex(String regex, String replacement) {
      return add(new RenameRegex(Pattern.compile(regex), Objects.requireNonNull(replacement)));
    }

    /**
     * Drops names matching the glob {@code glob}, where {@code *} is any run of characters (dots
     * included) and {@code ?} one character: {@code "*.num_batches_tracked"}.
     */
    public Builder ignore(String glob) {
      return add(new Ignore(globToPattern(nonEmpty(glob, "glob")), glob));
    }

    /** Drops names that match {@code regex} entirely. */
    public Builder ignoreRegex(String regex) {
      return add(new Ignore(Pattern.compile(regex), "/" + regex + "/"));
    }

    public KeyMapping build() {
      return new KeyMapping(rules);
    }

    private Builder add(Rule rule) {
      rules.add(rule);
      return this;
    }

    private static String nonEmpty(String s, String what) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException(what + " must be a non-empty string");
      }
      return s;
    }

    private static Pattern globToPattern(String glob) {
      StringBuilder regex = new StringBuilder();
      for (char c : glob.toCharArray()) {
        switch (c) {
          case '*' -> regex.append(".*");
          case '?' -> regex.append('.');
          default -> regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }
}
