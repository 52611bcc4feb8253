package io.gpunit.examples.adain;

import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.examples.demo.DemoModel;
import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdaIN style mixing: the content of one image in the style of another, and a walk between two
 * styles.
 *
 * <p>Adaptive instance normalisation (Huang &amp; Belongie 2017) keeps a feature map's layout and
 * replaces its per-channel statistics with those of the style:
 *
 * <pre>
 *   AdaIN(x, y) = σ(y) · (x − μ(x)) / σ(x) + μ(y)
 * </pre>
 *
 * The first row applies that formula to raw pixels (three channels), built from gpunit's {@link
 * InstanceNorm} layer: the cat keeps its shape and takes the car picture's colour statistics — a
 * colour transfer, no more, because pixels are a poor feature space. GP-UNIT applies the same idea
 * inside its generator, where γ and β come from a learned style code {@code s = E_s(y)} instead of
 * raw statistics; the second row is the trained model's translation with the code walked from
 * {@code s_a} to {@code s_b}: {@code G(E_c(x), (1 − t) s_a + t s_b)}.
 *
 * <pre>
 * mvn -B -q -pl gpunit-examples -am package -DskipTests
 * java -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.adain.AdaInMixingExample
 * </pre>
 *
 * Reads {@code -Dgpunit.model} (default: the demo's model, trained first if missing) and writes
 * {@code adain-out/adain_mixing.png}.
 */
public final class AdaInMixingExample {

  private AdaInMixingExample() {}

  public static void main(String[] args) throws Exception {
    Path model = DemoModel.get();
    Path out = Files.createDirectories(Path.of(System.getProperty("gpunit.out", "adain-out")));
    try (Translator translator = Translator.builder().load(model).build()) {
      SyntheticPrior prior = SyntheticPrior.builder().size(translator.imageSize()).build();
      Random random = new Random(Long.getLong("gpunit.seed", 3));
      BufferedImage content = render(prior, random, SyntheticClass.CAT);
      BufferedImage styleA = render(prior, random, SyntheticClass.CAR);
      BufferedImage styleB = render(prior, random, SyntheticClass.CAR);

      List<BufferedImage> pixels = new ArrayList<>(List.of(content, styleA, styleB));
      pixels.add(pixelAdaIn(content, styleA));
      pixels.add(pixelAdaIn(content, styleB));

      List<BufferedImage> walk = new ArrayList<>(List.of(content));
      walk.addAll(translator.interpolate(content, styleA, styleB, 7));

      Path sheet = out.resolve("adain_mixing.png");
      ImageGrid.builder().build().writeRows(List.of(pixels, walk), sheet);
      System.out.println(
          "row 1: content, style A, style B, AdaIN(content, A), AdaIN(content, B) on pixels");
      System.out.println(
          "row 2: content, then G(E_c(x), (1-t) s_A + t s_B) for t = 0, 1/6, ..., 1");
      System.out.println("wrote " + sheet);
    }
  }

  private static BufferedImage render(SyntheticPrior prior, Random random, SyntheticClass klass) {
    Latent z = prior.sampleLatent(random);
    return prior.render(z, klass, random.nextLong()).bufferedImage();
  }

  /** σ(y) · IN(x) + μ(y) over the three colour channels of two images. */
  static BufferedImage pixelAdaIn(BufferedImage content, BufferedImage style) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, 0L);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 3, -1, -1);
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, 1, 3, -1, -1);
    SDVariable mu = y.mean(true, 2, 3);
    SDVariable sigma = sd.math().sqrt(sd.math().square(y.sub(mu)).mean(true, 2, 3).add(1e-5));
    InstanceNorm.builder(3).build().apply(scope, x).mul(sigma).add(mu).rename("adain");
    INDArray result =
        Inference.output(
                sd, Map.of("x", Images.toTensor(content), "y", Images.toTensor(style)), "adain")
            .get("adain");
    return Images.toImage(result);
  }
}
