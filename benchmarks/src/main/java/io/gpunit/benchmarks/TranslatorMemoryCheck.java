package io.gpunit.benchmarks;

import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;

/**
 * Memory over many translations: runs {@code calls} sampled-style translations through one {@link
 * Translator} and prints the Java heap and the process's resident memory ({@code Pointer.physicalBytes()}, which includes ND4J's
 * off-heap arrays) every {@code calls/10} calls. Exits with status 1 if resident memory grew by more
 * than {@code 64 MiB} over the second half — a leak per call would show up as steady
 * growth.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.gpunit.benchmarks.TranslatorMemoryCheck MODEL [calls]
 * </pre>
 */
public final class TranslatorMemoryCheck {

  private static final long ALLOWED_GROWTH = 64L << 20;

  private TranslatorMemoryCheck() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: TranslatorMemoryCheck MODEL.safetensors [calls=1000]");
      System.exit(2);
    }
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    BufferedImage content = noise(64, 1);
    long half = 0;
    try (Translator translator = Translator.builder().load(Path.of(args[0])).build()) {
      for (int i = 1; i <= calls; i++) {
        translator.translate(content);
        if (i % Math.max(1, calls / 10) == 0) {
          System.gc();
          long nativeBytes = Pointer.physicalBytes();
          long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
          System.out.printf(
              Locale.ROOT,
              "calls %5d  heap %6.1f MiB  process RSS %7.1f MiB%n",
              i,
              heap / 1048576.0,
              nativeBytes / 1048576.0);
          if (i == calls / 2) {
            half = nativeBytes;
          }
        }
      }
    }
    long growth = Pointer.physicalBytes() - half;
    System.out.printf(Locale.ROOT, "RSS growth over the second half: %.1f MiB%n", growth / 1048576.0);
    System.exit(growth > ALLOWED_GROWTH ? 1 : 0);
  }

  private static BufferedImage noise(int size, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }
}
