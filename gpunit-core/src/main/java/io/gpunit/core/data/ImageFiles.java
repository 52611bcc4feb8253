package io.gpunit.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists the image files of a folder the way the official {@code make_dataset} does: by extension
 * ({@code jpg, jpeg, png, ppm, bmp, tiff, webp}, here case-insensitive), not recursive, in natural
 * order ({@code img2} before {@code img10}).
 */
public final class ImageFiles {

  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "ppm", "bmp", "tif", "tiff", "webp", "gif");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private ImageFiles() {}

  /** The image files directly in {@code dir}, naturally sorted by file name. */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "image folder " + dir + " does not exist or is not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.filter(Files::isRegularFile).filter(ImageFiles::isImage).forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list image folder " + dir, e);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString(), ImageFiles::compareNatural));
    return files;
  }

  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Compares digit runs by value and everything else as text. */
  static int compareNatural(String a, String b) {
    Matcher ma = DIGITS.matcher(a);
    Matcher mb = DIGITS.matcher(b);
    int ia = 0;
    int ib = 0;
    while (ia < a.length() && ib < b.length()) {
      boolean da = Character.isDigit(a.charAt(ia));
      boolean db = Character.isDigit(b.charAt(ib));
      if (da && db) {
        ma.find(ia);
        mb.find(ib);
        int cmp =
            new BigInteger(ma.group()).compareTo(new BigInteger(mb.group()));
        if (cmp != 0) {
          return cmp;
        }
        ia = ma.end();
        ib = mb.end();
      } else {
        int cmp = Character.compare(a.charAt(ia), b.charAt(ib));
        if (cmp != 0) {
          return cmp;
        }
        ia++;
        ib++;
      }
    }
    return Integer.compare(a.length() - ia, b.length() - ib);
  }
}
