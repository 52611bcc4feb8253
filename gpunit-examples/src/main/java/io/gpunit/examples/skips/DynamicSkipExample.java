package io.gpunit.examples.skips;

import io.gpunit.core.data.ImageFiles;
import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.Resize;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.examples.demo.DemoModel;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.gpunit.GpUnitGraph;
import io.gpunit.models.gpunit.GpUnitNetwork;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What GP-UNIT's dynamic skip connections let through. The generator decodes the coarse content
 * code; at 16² and 32² a GRU-like gate decides, per pixel and channel, how much of the content
 * encoder's finer features to mix in (Yang et al. 2022, eq. 4):
 *
 * <pre>
 *   m   = σ(W_m * [f_G, h])                 the mask, in (0, 1)
 *   out = (1 − m) ⊙ f_G + m ⊙ f_E'          f_E' the encoder feature, transformed
 * </pre>
 *
 * A mask near 1 copies the source's fine structure (where the domains agree); near 0 it leaves the
 * generator free to change the shape (where they differ). Training keeps masks sparse with an L1
 * penalty, so bright regions are the ones the model found worth copying.
 *
 * <p>For synthetic images and the real photos in {@code ../shared/fixtures/images/} (override with
 * {@code -Dgpunit.photos=DIR}), writes one row each: input, the channel-mean of the 16² and 32²
 * masks (upsampled, white = copy), and the translation. Reads {@code -Dgpunit.model} (default: the
 * demo's model, trained first if missing); writes {@code skips-out/dynamic_skip_masks.png}.
 *
 * <pre>
 * java -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.skips.DynamicSkipExample
 * </pre>
 */
public final class DynamicSkipExample {

  private DynamicSkipExample() {}

  public static void main(String[] args) throws Exception {
    Path model = DemoModel.get();
    Path out = Files.createDirectories(Path.of(System.getProperty("gpunit.out", "skips-out")));
    Path photos = Path.of(System.getProperty("gpunit.photos", "../shared/fixtures/images"));
    try (GpUnitNetwork network = (GpUnitNetwork) TranslationNetworks.load(model)) {
      int size = network.imageSize();
      SyntheticPrior prior = SyntheticPrior.builder().size(size).build();
      Random random = new Random(Long.getLong("gpunit.seed", 5));
      List<INDArray> inputs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Latent z = prior.sampleLatent(random);
        inputs.add(
            Images.toTensor(
                prior.render(z, SyntheticClass.CAT, random.nextLong()).bufferedImage()));
      }
      if (Files.isDirectory(photos)) {
        for (Path photo : ImageFiles.list(photos)) {
          FloatImage image = Images.load(photo, AlphaPolicy.overWhite());
          inputs.add(FloatImage.stack(List.of(ResizePolicy.CENTER_CROP.apply(image, size, size))));
        }
      } else {
        System.out.println(photos + " not found: synthetic images only");
      }
      INDArray exemplar =
          Images.toTensor(
              prior.render(prior.sampleLatent(random), SyntheticClass.CAR, 1).bufferedImage());

      List<List<BufferedImage>> rows = new ArrayList<>();
      for (INDArray x : inputs) {
        rows.add(row(network.graph(), x, exemplar, size));
      }
      Path sheet = out.resolve("dynamic_skip_masks.png");
      ImageGrid.builder().build().writeRows(rows, sheet);
      System.out.println(
          "columns: input, mask at 16x16, mask at 32x32 (white = copy the source), translation");
      System.out.println("wrote " + sheet + " (" + rows.size() + " rows)");
    }
  }

  private static List<BufferedImage> row(GpUnitGraph graph, INDArray x, INDArray y, int size) {
    List<SDVariable> masks = graph.exemplar().masks();
    List<String> names = new ArrayList<>();
    masks.forEach(m -> names.add(m.name()));
    names.add(GpUnitGraph.EXEMPLAR_TRANSLATION);
    Map<String, INDArray> result =
        graph.output(
            Map.of(GpUnitGraph.CONTENT, x, GpUnitGraph.STYLE_IMAGE, y),
            names.toArray(String[]::new));
    List<BufferedImage> row = new ArrayList<>(List.of(Images.toImage(x)));
    for (SDVariable mask : masks) {
      row.add(Images.toImage(asPicture(result.get(mask.name()), size)));
    }
    row.add(Images.toImage(result.get(GpUnitGraph.EXEMPLAR_TRANSLATION)));
    return row;
  }

  /** Channel mean of a [1,C,h,w] mask in (0, 1), as a grey [1,3,S,S] picture in [-1, 1]. */
  private static INDArray asPicture(INDArray mask, int size) {
    INDArray mean = mask.mean(true, 1).muli(2).subi(1);
    INDArray grey = Nd4j.concat(1, mean, mean, mean);
    return Resize.bilinear(grey, size, size);
  }
}
