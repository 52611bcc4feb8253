package io.gpunit.models.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gpunit.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one or more evaluated models as a printed table, {@code evaluation.json} (an array
 * with one object per model, keys in snake case: {@code model}, {@code architecture}, {@code
 * domains}, {@code content_iou}, {@code source_iou}, {@code oracle_source_iou}, {@code
 * domain_accuracy}, {@code diversity}, {@code kid}, {@code fid}) and {@code evaluation.csv} (the
 * same columns, RFC 4180 quoting). Files are written atomically.
 */
public final class EvaluationReport {

  public static final String JSON = "evaluation.json";
  public static final String CSV = "evaluation.csv";

  private static final List<String> COLUMNS =
      List.of(
          "model",
          "architecture",
          "domains",
          "content_iou",
          "source_iou",
          "oracle_source_iou",
          "domain_accuracy",
          "diversity",
          "kid",
          "fid");

  private final List<EvaluationResult> results;

  public EvaluationReport(List<EvaluationResult> results) {
    this.results = List.copyOf(results);
  }

  public List<EvaluationResult> results() {
    return results;
  }

  /** One row per model, numbers to 4 decimals, columns aligned. */
  public String table() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS);
    for (EvaluationResult r : results) {
      List<String> row = new ArrayList<>();
      row(r).forEach((k, v) -> row.add(v instanceof Double d ? format(d) : String.valueOf(v)));
      rows.add(row);
    }
    int[] widths = new int[COLUMNS.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int c = 0; c < widths.length; c++) {
        String cell = row.get(c);
        out.append(c < 3 ? pad(cell, widths[c], false) : pad(cell, widths[c], true));
        out.append(c + 1 < widths.length ? "  " : "\n");
      }
    }
    return out.toString();
  }

  /** Writes {@value #JSON} and {@value #CSV} into {@code dir} (created if needed). */
  public void write(Path dir) throws IOException {
    List<Map<String, Object>> objects = new ArrayList<>();
    results.forEach(r -> objects.add(row(r)));
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    byte[] json = mapper.writeValueAsBytes(objects);
    AtomicFiles.write(dir.resolve(JSON), out -> out.write(json));
    AtomicFiles.write(dir.resolve(CSV), out -> out.write(csv().getBytes(StandardCharsets.UTF_8)));
  }

  /** The CSV text: a header line and one line per model. */
  public String csv() {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (EvaluationResult r : results) {
      List<String> cells = new ArrayList<>();
      row(r).forEach((k, v) -> cells.add(quote(String.valueOf(v))));
      out.append(String.join(",", cells)).append('\n');
    }
    return out.toString();
  }

  private static Map<String, Object> row(EvaluationResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("architecture", r.architecture());
    m.put("domains", r.domains());
    m.put("content_iou", r.contentIou());
    m.put("source_iou", r.sourceIou());
    m.put("oracle_source_iou", r.oracleSourceIou());
    m.put("domain_accuracy", r.domainAccuracy());
    m.put("diversity", r.diversity());
    m.put("kid", r.kid());
    m.put("fid", r.fid());
    return m;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  private static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
