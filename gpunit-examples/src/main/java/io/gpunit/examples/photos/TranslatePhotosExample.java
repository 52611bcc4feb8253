package io.gpunit.examples.photos;

import io.gpunit.core.data.ImageFiles;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.examples.demo.DemoModel;
import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Translating real photos with a loaded model, the way a service would: {@link Translator} reads
 * the model once, then each photo is brought to the model's size (here centre-cropped, so faces and
 * animals keep their proportions) and translated with the seed's sampled styles.
 *
 * <p>With the demo's model (trained in minutes on synthetic cats and cars) the photos are far
 * outside what it has seen, so expect colours and textures of the synthetic domain laid over the
 * photo's layout, not photo-realistic cars. With a converted official checkpoint (see the top-level
 * README, e.g. {@code -Dgpunit.model=cat2dog.safetensors}) the same program gives the published
 * results.
 *
 * <pre>
 * java -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.photos.TranslatePhotosExample
 * </pre>
 *
 * Reads the photos in {@code ../shared/fixtures/images/} ({@code -Dgpunit.photos=DIR}); writes
 * {@code photos-out/photos.png}: one row per photo, the photo then three sampled-style outputs.
 */
public final class TranslatePhotosExample {

  private TranslatePhotosExample() {}

  public static void main(String[] args) throws Exception {
    Path model = DemoModel.get();
    Path photos = Path.of(System.getProperty("gpunit.photos", "../shared/fixtures/images"));
    Path out = Files.createDirectories(Path.of(System.getProperty("gpunit.out", "photos-out")));
    List<List<BufferedImage>> rows = new ArrayList<>();
    try (Translator translator =
        Translator.builder().load(model).resize(ResizePolicy.CENTER_CROP).seed(7).build()) {
      int samples = translator.network().isMultimodal() ? 3 : 1;
      for (Path photo : ImageFiles.list(photos)) {
        BufferedImage image = Images.readImage(photo);
        List<BufferedImage> row = new ArrayList<>();
        row.add(
            Images.toImage(
                ResizePolicy.CENTER_CROP.apply(
                    Images.toTensor(image), translator.imageSize(), translator.imageSize())));
        row.addAll(translator.translateSamples(image, samples));
        rows.add(row);
        System.out.println("translated " + photo.getFileName());
      }
    }
    Path sheet = out.resolve("photos.png");
    ImageGrid.builder().build().writeRows(rows, sheet);
    System.out.println("wrote " + sheet);
  }
}
